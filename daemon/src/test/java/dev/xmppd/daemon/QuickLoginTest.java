package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.FaultProxy;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick login against Prosody 0.12 with prosody-modules' SASL2 (XEP-0388), Bind2 (XEP-0386) and FAST
 * (XEP-0484): one authenticate with the resource bound inline and a token requested, then a login with the token
 * alone, and the login time of the classic and quick paths through a proxy adding 50 ms each way.
 */
class QuickLoginTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SASL2 = "urn:xmpp:sasl:2";

    private static ProsodyServer quick;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        quick = ProsodyServer.withSasl2();
        quick.start();
    }

    @AfterAll
    static void stopServer() {
        quick.close();
    }

    @Test
    void sasl2WithBind2ThenFastWithoutThePassword() throws Exception {
        Account alice = quick.newAccount("quick");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.addAccount(quick, alice);
            JsonNode status = daemon.awaitState(alice.jid(), "online", WAIT);
            assertThat(status.path("login").path("path").asText()).isEqualTo("sasl2+bind2");
            // Prosody makes the resource from our Bind2 tag and the user-agent id.
            assertThat(status.path("boundJid").asText()).startsWith(alice.jid() + "/xmppd~");
            List<Transcript.Entry> first = daemon.transcript(alice.jid());
            assertThat(sent(first, e -> e.is("authenticate", SASL2))).singleElement()
                    .satisfies(xml -> assertThat(xml).contains("mechanism='SCRAM-SHA-1'", "<request-token",
                            "<bind xmlns='urn:xmpp:bind:0'><tag>xmppd</tag><enable xmlns='urn:xmpp:carbons:2'/>"));
            assertThat(sent(first, e -> e.is("auth", "urn:ietf:params:xml:ns:xmpp-sasl")
                    || e.toString().contains("urn:ietf:params:xml:ns:xmpp-bind"))).isEmpty();
            assertThat(sent(first, e -> e.toString().contains("urn:xmpp:carbons:2") && e.name().equals("iq")))
                    .as("carbons were enabled inside Bind2, not by an iq").isEmpty();
            Path tokenFile = daemon.directory().resolve("data").resolve("fast-tokens").resolve(alice.jid());
            Awaitility.await().atMost(WAIT).until(() -> Files.exists(tokenFile));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            assertThat(Files.readString(tokenFile)).contains("token=secret-token:");
            // The XML console shows neither the token nor the SCRAM proofs.
            assertThat(first.stream().map(Transcript.Entry::xml)).noneMatch(xml -> xml.contains("secret-token:"))
                    .anyMatch(xml -> xml.contains("<token xmlns='urn:xmpp:fast:0'") && xml.contains("token='***'"))
                    .anyMatch(xml -> xml.contains("<initial-response>***</initial-response>"));

            // The password changes on the server; the stored token still logs the account in, bound to this TLS
            // session by tls-exporter (RFC 9266, JDK 25's keying-material exporter).
            quick.register(alice.user(), "a-password-xmppd-does-not-know");
            int before = first.size();
            assertThat(daemon.call("account.disable", Map.of("jid", alice.jid())).has("error")).isFalse();
            daemon.awaitState(alice.jid(), "disabled", WAIT);
            assertThat(daemon.call("account.enable", Map.of("jid", alice.jid())).has("error")).isFalse();
            JsonNode again = daemon.awaitState(alice.jid(), "online", WAIT);
            assertThat(again.path("login").path("path").asText()).isEqualTo("sasl2+bind2+fast");
            List<Transcript.Entry> second = daemon.transcript(alice.jid()).subList(before,
                    daemon.transcript(alice.jid()).size());
            assertThat(sent(second, e -> e.is("authenticate", SASL2))).singleElement()
                    .satisfies(xml -> assertThat(xml).contains("mechanism='HT-SHA-256-EXPR'")
                            .contains("<fast xmlns='urn:xmpp:fast:0'/>").doesNotContain("SCRAM"));
            assertThat(sent(second, e -> e.is("response", SASL2))).as("no challenge-response with a token").isEmpty();
        }
    }

    @Test
    void aRefusedTokenIsForgottenAndThePasswordLogsIn() throws Exception {
        Account alice = quick.newAccount("refused");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.addAccount(quick, alice);
            daemon.awaitState(alice.jid(), "online", WAIT);
            Path tokenFile = daemon.directory().resolve("data").resolve("fast-tokens").resolve(alice.jid());
            Awaitility.await().atMost(WAIT).until(() -> Files.exists(tokenFile));
            daemon.call("account.disable", Map.of("jid", alice.jid()));
            daemon.awaitState(alice.jid(), "disabled", WAIT);
            // A token the server never issued (or has revoked).
            String stored = Files.readString(tokenFile);
            Files.writeString(tokenFile, stored.replaceAll("token=secret-token:.*", "token=secret-token:fast-revoked"));
            int before = daemon.transcript(alice.jid()).size();

            daemon.call("account.enable", Map.of("jid", alice.jid()));
            JsonNode online = daemon.awaitState(alice.jid(), "online", WAIT);
            assertThat(online.path("login").path("path").asText()).isEqualTo("sasl2+bind2");
            List<Transcript.Entry> after = daemon.transcript(alice.jid()).subList(before,
                    daemon.transcript(alice.jid()).size());
            assertThat(sent(after, e -> e.is("authenticate", SASL2)))
                    .satisfiesExactly(token -> assertThat(token).contains("mechanism='HT-SHA-256-"),
                            password -> assertThat(password).contains("mechanism='SCRAM-SHA-1'", "<request-token"));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(tokenFile))
                    .contains("token=secret-token:").doesNotContain("fast-revoked"));
        }
    }

    @Test
    void aCutConnectionIsResumedAfterSasl2WithoutBind2() {
        Account alice = quick.newAccount("resume");
        try (FaultProxy proxy = FaultProxy.start(quick.host(), quick.starttlsPort());
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.addAccount(quick, alice, Map.of("host", proxy.host(), "port", proxy.port()));
            JsonNode online = daemon.awaitState(alice.jid(), "online", WAIT);
            // Stream management reports its session id on its own, shortly after the account is online.
            Awaitility.await().atMost(WAIT).until(() -> daemon.status(alice.jid()).path("sm").path("id").isTextual());
            String id = daemon.status(alice.jid()).path("sm").path("id").asText();
            int before = daemon.transcript(alice.jid()).size();

            proxy.cut();
            StreamManagementTest.awaitResumed(daemon, alice, 1, id);
            JsonNode resumed = daemon.status(alice.jid());
            assertThat(resumed.path("boundJid").asText()).isEqualTo(online.path("boundJid").asText());
            assertThat(resumed.path("login").path("path").asText()).startsWith("sasl2").endsWith("+resumed");
            List<Transcript.Entry> after = daemon.transcript(alice.jid()).subList(before,
                    daemon.transcript(alice.jid()).size());
            // A session to resume: SASL2 without Bind2, then XEP-0198 <resume/> on the authenticated stream.
            assertThat(sent(after, e -> e.is("authenticate", SASL2))).singleElement()
                    .satisfies(xml -> assertThat(xml).doesNotContain("urn:xmpp:bind:0"));
            assertThat(sent(after, e -> e.is("resume", "urn:xmpp:sm:3"))).hasSize(1);
        }
    }

    @Test
    void quickLoginNeedsFewerRoundTripsThanClassic() {
        try (ProsodyServer classic = new ProsodyServer()) {
            classic.start();
            Account bob = classic.newAccount("classic");
            Account carol = quick.newAccount("quick");
            try (FaultProxy toClassic = FaultProxy.start(classic.host(), classic.starttlsPort());
                 FaultProxy toQuick = FaultProxy.start(quick.host(), quick.starttlsPort());
                 RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
                toClassic.delay(Duration.ofMillis(50));
                toQuick.delay(Duration.ofMillis(50));
                // Each path's second login is measured, so neither pays for the JVM warming up.
                login(daemon, classic, toClassic, bob);
                Login classicLogin = relogin(daemon, bob.jid());
                Login sasl2Login = login(daemon, quick, toQuick, carol);
                Login fastLogin = relogin(daemon, carol.jid());

                System.out.printf("login through 50 ms each way: %s, %s, %s%n", classicLogin, sasl2Login, fastLogin);
                // Times are printed, not asserted: 100 ms per round trip is within the noise of a shared machine.
                assertThat(classicLogin.path()).isEqualTo("classic");
                assertThat(sasl2Login.path()).isEqualTo("sasl2+bind2");
                assertThat(fastLogin.path()).isEqualTo("sasl2+bind2+fast");
                assertThat(sasl2Login.roundTrips()).isLessThan(classicLogin.roundTrips());
                assertThat(fastLogin.roundTrips()).isLessThan(sasl2Login.roundTrips());
            }
        }
    }

    record Login(String path, long ms, int roundTrips) {
    }

    private Login login(RunningDaemon daemon, XmppServer server, FaultProxy proxy, Account account) {
        daemon.addAccount(server, account, Map.of("host", proxy.host(), "port", proxy.port()));
        JsonNode status = daemon.awaitState(account.jid(), "online", WAIT);
        return new Login(status.path("login").path("path").asText(), status.path("login").path("ms").asLong(),
                roundTrips(daemon.transcript(account.jid())));
    }

    /** Disables and enables the account: a new connection and login with everything stored from the last one. */
    private static Login relogin(RunningDaemon daemon, String jid) {
        daemon.call("account.disable", Map.of("jid", jid));
        daemon.awaitState(jid, "disabled", WAIT);
        int before = daemon.transcript(jid).size();
        daemon.call("account.enable", Map.of("jid", jid));
        JsonNode status = daemon.awaitState(jid, "online", WAIT);
        List<Transcript.Entry> all = daemon.transcript(jid);
        return new Login(status.path("login").path("path").asText(), status.path("login").path("ms").asLong(),
                roundTrips(all.subList(before, all.size())));
    }

    /**
     * Round trips of one login up to the initial presence: each time the client, having sent, waits for the server
     * (a sent entry followed by a received one). The TLS handshake is not in the transcript; it is the same on both
     * paths.
     */
    static int roundTrips(List<Transcript.Entry> transcript) {
        int trips = 0;
        Transcript.Direction last = null;
        for (Transcript.Entry entry : transcript) {
            if (entry.element().filter(e -> e.namespace().equals("urn:xmpp:sm:3")
                    && (e.name().equals("r") || e.name().equals("a"))).isPresent()) {
                continue; // XEP-0198 acks flow both ways without anyone waiting for them
            }
            if (last == Transcript.Direction.SENT && entry.direction() == Transcript.Direction.RECEIVED) {
                trips++;
            }
            last = entry.direction();
            if (entry.direction() == Transcript.Direction.SENT && entry.element().filter(e -> e.name().equals("presence")
                    && e.attribute("type").isEmpty() && e.attribute("to").isEmpty()).isPresent()) {
                break;
            }
        }
        return trips;
    }

    private static List<String> sent(List<Transcript.Entry> transcript, Predicate<dev.xmppd.protocol.xml.Element> which) {
        return transcript.stream().filter(e -> e.direction() == Transcript.Direction.SENT)
                .filter(e -> e.element().filter(which).isPresent()).map(Transcript.Entry::xml).toList();
    }
}
