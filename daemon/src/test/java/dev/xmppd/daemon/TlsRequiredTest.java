package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * xmppd never authenticates without TLS (RFC 7590 §3.1): servers that do not offer STARTTLS, refuse it, or never
 * go ahead with it get {@code tls-unavailable}, and not one byte of a credential. The servers are fakes on
 * loopback ({@link ScriptedServer}), since no real server can be talked into these mistakes.
 */
class TlsRequiredTest {

    private static final String JID = "alice@localhost";
    private static final String PASSWORD = "plaintext-would-leak-this";

    @TempDir
    Path dir;

    @Test
    void aServerWithoutStartTlsGetsNoLogin() {
        try (ScriptedServer server = server(PLAIN_ONLY);
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            add(daemon, server);

            JsonNode status = StatusChecks.awaitError(daemon, JID, "error", "tls-unavailable: ", StatusChecks.LOGIN);
            assertThat(status.path("lastError").asText()).contains("does not offer STARTTLS");
            assertNothingSecretSent(daemon, server);
        }
    }

    @Test
    void aServerRefusingStartTlsGetsNoLogin() {
        try (ScriptedServer server = server(c -> {
            CannedLogin.openStream(c);
            c.send(STARTTLS_AND_PLAIN);
            c.expect("^<starttls\\b");
            c.send(TLS_FAILURE);
            c.close();
        });
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            add(daemon, server);

            JsonNode status = StatusChecks.awaitError(daemon, JID, "error", "tls-unavailable: ", StatusChecks.LOGIN);
            assertThat(status.path("lastError").asText()).contains("refused STARTTLS");
            assertThat(server.received()).contains("<starttls ");
            assertNothingSecretSent(daemon, server);
        }
    }

    @Test
    void aServerThatNeverProceedsTimesOutAsTlsUnavailable() {
        try (ScriptedServer server = server(c -> {
            CannedLogin.openStream(c);
            c.send(STARTTLS_AND_PLAIN);
            c.stallUntilClosed();
        });
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            add(daemon, server);
            Awaitility.await().atMost(StatusChecks.LOGIN).until(() -> server.received().contains("<starttls"));
            assertThat(daemon.state(JID)).isEqualTo("negotiating");

            // StartTls waits 15 s for <proceed/>.
            JsonNode status = StatusChecks.awaitError(daemon, JID, "error", "tls-unavailable: ", Duration.ofSeconds(30));
            assertThat(status.path("lastError").asText()).contains("never answered <starttls/>");
            assertNothingSecretSent(daemon, server);
        }
    }

    @Test
    void itRetriesOnlySlowlyAndNeverInTheClear() {
        try (ScriptedServer server = server(PLAIN_ONLY);
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            add(daemon, server);
            StatusChecks.awaitError(daemon, JID, "error", "tls-unavailable: ", StatusChecks.LOGIN);

            // An error waits the longest backoff between attempts: at most one attempt per max backoff.
            long allowed = StatusChecks.HOLD.dividedBy(RunningDaemon.FAST_RECONNECT.maxBackoff()) + 2;
            StatusChecks.holds(StatusChecks.HOLD, () -> assertThat(server.connections()).isLessThanOrEqualTo((int) allowed));
            assertThat(server.connections()).isGreaterThanOrEqualTo(2);
            assertNothingSecretSent(daemon, server);
        }
    }

    /** Offers PLAIN without STARTTLS (RFC 7590 §3.1 forbids using it). */
    private static final ScriptedServer.Script PLAIN_ONLY = c -> {
        CannedLogin.openStream(c);
        c.send(CannedLogin.PLAIN_FEATURES);
        c.stallUntilClosed();
    };
    private static final String STARTTLS_AND_PLAIN = CannedLogin.STARTTLS_FEATURES.replace("</stream:features>",
            "<mechanisms xmlns='" + CannedLogin.SASL + "'><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
    /** RFC 6120 §5.4.2.2: the server answers with failure and closes the stream. */
    private static final String TLS_FAILURE = "<failure xmlns='" + CannedLogin.TLS + "'/></stream:stream>";

    private ScriptedServer server(ScriptedServer.Script script) {
        try {
            return ScriptedServer.start(Files.createDirectories(dir.resolve("server")), script);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void add(RunningDaemon daemon, ScriptedServer server) {
        JsonNode added = daemon.call("account.add", Map.of("jid", JID, "password", PASSWORD, "host", server.host(),
                "port", server.port()));
        assertThat(added.path("jid").asText()).isEqualTo(JID);
    }

    /** The fake saw our stream header, and neither SASL nor the password (raw or base64, as PLAIN sends it). */
    private static void assertNothingSecretSent(RunningDaemon daemon, ScriptedServer server) {
        String received = server.received();
        assertThat(received).contains("<stream:stream").doesNotContain("<auth").doesNotContain(PASSWORD)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(("\0alice\0" + PASSWORD).getBytes()));
        assertThat(LoginTest.recapSteps(daemon.transcript(JID))).doesNotContain("auth");
    }
}
