package dev.xmppd.daemon.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.RunningDaemon;
import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The setting of every hostile-server test: a daemon with alice on a {@link ScriptedServer} playing the hostile part
 * on its first connection (later connections log in normally, so recovery is visible), and bob on a second, benign
 * scripted server, who must stay online on his first connection whatever happens to alice.
 */
final class Hostile implements AutoCloseable {

    static final String ALICE = "alice@localhost";
    static final String ALICE_FULL = ALICE + "/xmppd";
    static final String BOB = "bob@localhost";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** As RunningDaemon's default: client state active, so the daemon's own traffic is as a server sees it. */
    static final StreamSettings STREAM = StreamSettings.DEFAULTS.withClientState(ClientState.ACTIVE);

    final ScriptedServer server;
    final ScriptedServer bobServer;
    final RunningDaemon daemon;

    private Hostile(ScriptedServer server, ScriptedServer bobServer, RunningDaemon daemon) {
        this.server = server;
        this.bobServer = bobServer;
        this.daemon = daemon;
    }

    /** {@code firstConnection} plays against alice's first connection; later ones log in and stay. */
    static Hostile start(Path dir, ScriptedServer.Script firstConnection) {
        return start(dir, firstConnection, STREAM);
    }

    /** Every connection of alice's plays {@code script}. */
    static Hostile startRaw(Path dir, ScriptedServer.Script script) {
        return startRaw(dir, script, STREAM);
    }

    /** With these stream settings (say, a short liveness probe). */
    static Hostile start(Path dir, ScriptedServer.Script firstConnection, StreamSettings stream) {
        return startRaw(dir, c -> {
            if (c.number() == 1) {
                firstConnection.play(c);
            } else {
                CannedLogin.online(c, ALICE_FULL);
            }
        }, stream);
    }

    private static Hostile startRaw(Path dir, ScriptedServer.Script script, StreamSettings stream) {
        try {
            ScriptedServer server = ScriptedServer.start(Files.createDirectories(dir.resolve("alice-server")), script);
            ScriptedServer bobServer = ScriptedServer.start(Files.createDirectories(dir.resolve("bob-server")),
                    c -> CannedLogin.online(c, BOB + "/xmppd"));
            RunningDaemon daemon = RunningDaemon.start(Files.createDirectories(dir.resolve("daemon")), List.of(),
                    stream);
            Hostile hostile = new Hostile(server, bobServer, daemon);
            hostile.add(BOB, bobServer);
            daemon.awaitState(BOB, "online", WAIT);
            hostile.add(ALICE, server);
            return hostile;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void add(String jid, ScriptedServer on) {
        JsonNode added = daemon.call("account.add", Map.of("jid", jid, "password", "secret-" + jid, "host", on.host(),
                "port", on.port(), "trustedCert", on.certificate().certificatePem().toString()));
        assertThat(added.path("jid").asText()).as("account.add %s: %s", jid, added).isEqualTo(jid);
    }

    /**
     * A ping from the server, and the daemon's answer awaited: the stream is handled in order, so whatever was sent
     * before it has been handled when it is answered (see {@link #awaitPingAnswered}).
     */
    static void pingAndAwaitAnswer(ScriptedConnection c) {
        c.send("<iq type='get' id='barrier' from='localhost' to='" + ALICE_FULL + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        c.expect("^<iq\\b[^>]*id=['\"]barrier['\"]");
    }

    /** Only the daemon's bytes are recorded: "barrier" there is its answer to {@link #pingAndAwaitAnswer}'s ping. */
    void awaitPingAnswered() {
        Awaitility.await().atMost(WAIT).until(() -> server.received().contains("barrier"));
    }

    /**
     * Alice logs in, her server sends {@code xml} then a ping; returns once the daemon answered the ping, so
     * {@code xml} has been handled, on alice's first connection, which is still up.
     */
    static Hostile afterLoginThenPing(Path dir, String xml) {
        Hostile h = start(dir, c -> {
            online(c);
            c.send(xml);
            pingAndAwaitAnswer(c);
        });
        try {
            h.awaitPingAnswered();
            assertThat(h.server.connections()).isEqualTo(1);
            assertThat(h.daemon.state(ALICE)).isEqualTo("online");
            return h;
        } catch (RuntimeException | AssertionError e) {
            h.close();
            throw e;
        }
    }

    /** Waits until the daemon sent a stream error with {@code condition} to alice's server. */
    void awaitStreamError(String condition) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(server.received())
                .containsPattern("<stream:error>\\s*<" + condition + " xmlns=['\"]urn:ietf:params:xml:ns:xmpp-streams"));
    }

    /** Alice logged in again on a later connection (the daemon recovered by itself). */
    void awaitAliceBack() {
        Awaitility.await().atMost(WAIT).until(() -> server.connections() >= 2);
        daemon.awaitState(ALICE, "online", WAIT);
    }

    /**
     * What must hold after any attack: {@code status} answers, bob is online on his first and only connection,
     * alice's archive, roster and blocklist hold nothing the server made up, and the scripts themselves did not fail.
     */
    void assertUnharmed() {
        assertThat(daemon.call("history", Map.of("account", ALICE)).path("messages")).as("alice's archive").isEmpty();
        assertThat(daemon.call("roster", Map.of("account", ALICE)).path("items")).as("alice's roster").isEmpty();
        assertThat(daemon.call("blocklist", Map.of("account", ALICE)).path("blocked")).as("alice's blocklist").isEmpty();
        assertOthersUnharmed();
    }

    /** {@code status} answers, bob is online on his first connection, and neither script failed. */
    void assertOthersUnharmed() {
        assertThat(daemon.call("status").path("accounts")).hasSize(2);
        assertThat(daemon.state(BOB)).isEqualTo("online");
        assertThat(bobServer.connections()).isEqualTo(1);
        assertThat(server.failures()).as("alice's server script").isEmpty();
        assertThat(bobServer.failures()).as("bob's server script").isEmpty();
    }

    /** How often {@code part} occurs in {@code text} (say, a body in what the daemon sent). */
    static int count(String text, String part) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        daemon.close();
        server.close();
        bobServer.close();
    }

    static void online(ScriptedConnection c) {
        CannedLogin.online(c, ALICE_FULL);
    }
}
