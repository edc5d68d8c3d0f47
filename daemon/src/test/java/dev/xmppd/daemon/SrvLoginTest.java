package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.net.EventLoops;
import dev.xmppd.daemon.net.LoopbackDns;
import dev.xmppd.daemon.net.LoopbackDns.Question;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.XmppServer;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account configured with nothing but its JID finds its server through DNS SRV (RFC 6120 §3.2.1, XEP-0368),
 * answered by a real name server on loopback. The SRV target is a name only that server knows; the certificate
 * is still checked against the XMPP domain (RFC 7590 §3.2), not the target.
 */
class SrvLoginTest {

    private static final String TARGET = "c2s.xmppd-srv.test";

    @TempDir
    Path dir;

    @BothServers
    void starttlsServiceFromSrvRecord(XmppServer server) throws Exception {
        try (LoopbackDns dns = LoopbackDns.start()) {
            dns.srv("_xmpp-client._tcp." + server.domain(), 0, 0, server.starttlsPort(), TARGET)
                    .host(TARGET, loopback());
            Account alice = server.newAccount("srv");

            JsonNode status = login(dns, server, alice, List.of("starttls"));

            assertThat(status.path("server").asText()).isEqualTo(TARGET + ":" + server.starttlsPort());
        }
    }

    @BothServers
    void directTlsServiceFromSrvRecord(XmppServer server) throws Exception {
        try (LoopbackDns dns = LoopbackDns.start()) {
            dns.srv("_xmpps-client._tcp." + server.domain(), 0, 0, server.directTlsPort(), TARGET)
                    .host(TARGET, loopback());
            Account bob = server.newAccount("srvtls");

            JsonNode status = login(dns, server, bob, List.of());

            assertThat(status.path("server").asText())
                    .isEqualTo(TARGET + ":" + server.directTlsPort() + " (direct TLS)");
        }
    }

    /** Adds the account with no host or port, waits until online; returns its status. */
    private JsonNode login(LoopbackDns dns, XmppServer server, Account account, List<String> starttlsSent)
            throws Exception {
        try (EventLoops loops = EventLoops.create(2, Optional.of(dns.address()));
             RunningDaemon daemon = RunningDaemon.start(dir, List.of(), loops)) {
            JsonNode added = daemon.call("account.add", Map.of("jid", account.jid(), "password", account.password(),
                    "trustedCert", server.certificatePem().toString()));
            assertThat(added.has("error")).as("account.add: %s", added).isFalse();
            assertThat(added.has("host")).isFalse();

            JsonNode status = daemon.awaitState(account.jid(), "online", Duration.ofSeconds(30));

            assertThat(dns.questions()).contains(
                    new Question("_xmpp-client._tcp." + server.domain(), DnsRecordType.SRV),
                    new Question("_xmpps-client._tcp." + server.domain(), DnsRecordType.SRV),
                    new Question(TARGET, DnsRecordType.A));
            List<String> sentStarttls = daemon.transcript(account.jid()).stream()
                    .filter(entry -> entry.direction() == Transcript.Direction.SENT)
                    .flatMap(entry -> entry.element().stream())
                    .filter(e -> e.is("starttls", "urn:ietf:params:xml:ns:xmpp-tls"))
                    .map(e -> "starttls").toList();
            assertThat(sentStarttls).isEqualTo(starttlsSent);
            return status;
        }
    }

    private static Inet4Address loopback() throws Exception {
        return (Inet4Address) InetAddress.getByName("127.0.0.1");
    }
}
