package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XEP-0198 §3: {@code <enabled location='host:port'/>} names where the server wants a resumption. The daemon resumes
 * there, and falls back to the account's server when nothing answers at the location.
 */
class ResumeLocationTest {

    private static final String SM = CannedLogin.SM;
    private static final String ALICE = "alice@localhost";
    private static final String ALICE_FULL = ALICE + "/xmppd";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aLostSessionIsResumedAtTheLocationTheServerNamed() throws IOException {
        try (ScriptedServer location = ScriptedServer.start(Files.createDirectories(dir.resolve("location")),
                ResumeLocationTest::resumeSm1)) {
            Setting s = start("127.0.0.1:" + location.port(), c -> c.close(), location);
            try (s) {
                s.cutAndAwaitResumed();
                assertThat(location.connections()).isEqualTo(1);
                assertThat(location.received()).contains("previd='sm-1'");
                assertThat(s.home.connections()).as("the home server only for the first login").isEqualTo(1);
                assertThat(location.failures()).isEmpty();
            }
        }
    }

    @Test
    void nothingAnsweringAtTheLocationFallsBackToTheAccountsServer() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Setting s = start("127.0.0.1:" + closed, ResumeLocationTest::resumeSm1, null);
        try (s) {
            s.cutAndAwaitResumed();
            assertThat(s.home.connections()).isEqualTo(2);
            assertThat(s.home.received()).contains("previd='sm-1'");
            assertThat(s.home.failures()).isEmpty();
        }
    }

    /** After SASL, stream management offered; {@code <resume previd='sm-1'/>} answered with {@code <resumed/>}. */
    private static void resumeSm1(ScriptedConnection c) {
        CannedLogin.authenticated(c);
        c.send(CannedLogin.BIND_FEATURES.replace("</stream:features>", "<sm xmlns='" + SM + "'/></stream:features>"));
        String resume = c.expectElement("^<resume\\b");
        assertThat(ScriptedConnection.attribute(resume, "previd")).contains("sm-1");
        c.boundJid(ALICE_FULL);
        c.send("<resumed xmlns='" + SM + "' previd='sm-1' h='0'/>");
        c.answerUntilClosed();
    }

    /** The daemon and alice's home server, whose first connection enables a session with {@code location}. */
    private Setting start(String resumeAt, ScriptedServer.Script later, ScriptedServer other) throws IOException {
        CompletableFuture<Void> cut = new CompletableFuture<>();
        ScriptedServer home = ScriptedServer.start(Files.createDirectories(dir.resolve("home")), c -> {
            if (c.number() > 1) {
                later.play(c);
                return;
            }
            CannedLogin.bound(c, ALICE_FULL, "<sm xmlns='" + SM + "'/>");
            c.expect("^<enable\\b");
            c.send("<enabled xmlns='" + SM + "' id='sm-1' resume='true' location='" + resumeAt + "'/>");
            c.expect("^<presence\\b");
            cut.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            c.reset();
        });
        // One file trusting both servers' certificates.
        Path trusted = dir.resolve("trusted.pem");
        Files.writeString(trusted, Files.readString(home.certificate().certificatePem())
                + (other == null ? "" : Files.readString(other.certificate().certificatePem())));
        RunningDaemon daemon = RunningDaemon.start(Files.createDirectories(dir.resolve("daemon")), List.of(),
                StreamSettings.DEFAULTS.withClientState(ClientState.ACTIVE));
        JsonNode added = daemon.call("account.add", Map.of("jid", ALICE, "password", "secret", "host", home.host(),
                "port", home.port(), "trustedCert", trusted.toString()));
        assertThat(added.path("jid").asText()).as("account.add: %s", added).isEqualTo(ALICE);
        return new Setting(home, daemon, cut);
    }

    private record Setting(ScriptedServer home, RunningDaemon daemon, CompletableFuture<Void> cut)
            implements AutoCloseable {

        /** Online with a resumable session, cut, and resumed (not a new login). */
        void cutAndAwaitResumed() {
            daemon.awaitState(ALICE, "online", WAIT);
            Awaitility.await().atMost(WAIT).until(() -> daemon.status(ALICE).path("sm").path("resumable").asBoolean());
            cut.complete(null);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                JsonNode status = daemon.status(ALICE);
                assertThat(status.path("state").asText()).isEqualTo("online");
                assertThat(status.path("sm").path("resumptions").asInt()).as("status %s", status).isEqualTo(1);
            });
        }

        @Override
        public void close() {
            daemon.close();
            home.close();
        }
    }
}
