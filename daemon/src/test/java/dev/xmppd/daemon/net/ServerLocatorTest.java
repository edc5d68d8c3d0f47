package dev.xmppd.daemon.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.net.LoopbackDns.Question;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SRV lookups (RFC 6120 §3.2, XEP-0368) through Netty's resolver, against a real DNS server on loopback. */
class ServerLocatorTest {

    private static final String DOMAIN = "example.test";
    private static final String STARTTLS_SRV = "_xmpp-client._tcp." + DOMAIN;
    private static final String DIRECT_TLS_SRV = "_xmpps-client._tcp." + DOMAIN;

    private LoopbackDns dns;
    private EventLoops loops;

    @BeforeEach
    void start() {
        dns = LoopbackDns.start();
        loops = EventLoops.create(1, Optional.of(dns.address()));
    }

    @AfterEach
    void stop() {
        loops.close();
        dns.close();
    }

    private List<ServerEndpoint> locate(String domain) throws Exception {
        return new ServerLocator(loops).locate(domain).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private List<Question> srvQuestionsFor(String domain) {
        return List.of(new Question("_xmpp-client._tcp." + domain, DnsRecordType.SRV),
                new Question("_xmpps-client._tcp." + domain, DnsRecordType.SRV));
    }

    @Test
    void bothServicesAreMergedByPriorityThenHeavierWeightWithDirectTlsMarked() throws Exception {
        dns.srv(STARTTLS_SRV, 10, 5, 5222, "light.example.test")
                .srv(STARTTLS_SRV, 20, 100, 5222, "backup.example.test")
                .srv(DIRECT_TLS_SRV, 10, 60, 5223, "heavy.example.test.")
                .srv(DIRECT_TLS_SRV, 5, 0, 443, "first.example.test");

        assertThat(locate(DOMAIN)).containsExactly(
                new ServerEndpoint("first.example.test", 443, true),
                new ServerEndpoint("heavy.example.test", 5223, true),
                new ServerEndpoint("light.example.test", 5222, false),
                new ServerEndpoint("backup.example.test", 5222, false));
        assertThat(dns.questions()).containsExactlyInAnyOrderElementsOf(srvQuestionsFor(DOMAIN));
    }

    @Test
    void onlyOneServicePublishedGivesOnlyItsTargets() throws Exception {
        dns.srv(DIRECT_TLS_SRV, 0, 0, 5223, "tls.example.test");

        assertThat(locate(DOMAIN)).containsExactly(new ServerEndpoint("tls.example.test", 5223, true));
    }

    @Test
    void aDotTargetMeansTheServiceIsNotOffered() throws Exception {
        dns.srv(STARTTLS_SRV, 0, 0, 0, ".").srv(DIRECT_TLS_SRV, 0, 0, 0, ".");

        assertThat(locate(DOMAIN)).as("no endpoint, and no fallback to the domain").isEmpty();
    }

    @Test
    void aDotTargetForOneServiceLeavesTheOther() throws Exception {
        dns.srv(STARTTLS_SRV, 0, 0, 0, ".").srv(DIRECT_TLS_SRV, 1, 0, 5223, "tls.example.test");

        assertThat(locate(DOMAIN)).containsExactly(new ServerEndpoint("tls.example.test", 5223, true));
    }

    @Test
    void withoutRecordsTheDomainItselfOn5222() throws Exception {
        assertThat(locate(DOMAIN)).containsExactly(new ServerEndpoint(DOMAIN, 5222, false));
        assertThat(dns.questions()).containsExactlyInAnyOrderElementsOf(srvQuestionsFor(DOMAIN));
    }

    @Test
    void aNameWithOtherRecordsButNoSrvFallsBackToo() throws Exception {
        dns.host(STARTTLS_SRV, (Inet4Address) InetAddress.getByName("127.0.0.1"));

        assertThat(locate(DOMAIN)).containsExactly(new ServerEndpoint(DOMAIN, 5222, false));
    }

    @Test
    void aNameServerThatNeverAnswersFallsBackAfterTheQueryTimeout() throws Exception {
        dns.silent();
        long start = System.nanoTime();

        assertThat(locate(DOMAIN)).containsExactly(new ServerEndpoint(DOMAIN, 5222, false));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the 3 s query timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
        assertThat(dns.questions()).containsExactlyInAnyOrderElementsOf(srvQuestionsFor(DOMAIN));
    }

    @Test
    void aDomainDnsCannotCarryFallsBackWithoutAnException() throws Exception {
        String tooLongLabel = "x".repeat(64) + ".test";

        assertThat(locate(tooLongLabel)).containsExactly(new ServerEndpoint(tooLongLabel, 5222, false));
    }
}
