package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.config.PresenceSettings;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login branches the testbed servers never take, played by a {@link ScriptedServer}: a required legacy session, a
 * server without blocking or carbons, a redirect after TLS, a conflict, a configured initial presence, and a host that
 * does not resolve.
 */
class ScriptedLoginTest {

    private static final String JID = "alice@localhost";
    private static final String FULL = JID + "/xmppd";
    private static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";

    @TempDir
    Path dir;

    /** RFC 3921 §3: a session listed without {@code <optional/>} is established right after bind. */
    @Test
    void aRequiredLegacySessionIsEstablishedAfterBind() {
        try (ScriptedServer server = server("server", c -> {
            CannedLogin.bound(c, FULL, "<session xmlns='" + SESSION + "'/>");
            String session = c.expectElement("^<iq\\b.*<session\\b");
            c.send("<iq type='result' id='" + ScriptedConnection.attribute(session, "id").orElseThrow() + "'/>");
            c.expect("^<presence\\b");
        });
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            add(daemon, server);

            daemon.awaitState(JID, "online", StatusChecks.LOGIN);
            assertThat(LoginTest.recapSteps(daemon.transcript(JID))).containsSubsequence("bind", "session",
                    "disco-info-server", "initial-presence");
            assertThat(server.failures()).isEmpty();
        }
    }

    /** An optional session (draft-cridland-xmpp-session-01), and no blocking or carbons: none of them is asked. */
    @Test
    void anOptionalSessionAndFeaturesTheServerLacksAreNotAskedFor() {
        try (ScriptedServer server = server("server", c -> {
            c.discoFeatures(List.of("urn:xmpp:ping"));
            CannedLogin.bound(c, FULL, "<session xmlns='" + SESSION + "'><optional/></session>");
            c.expect("^<presence\\b");
        });
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            add(daemon, server);

            daemon.awaitState(JID, "online", StatusChecks.LOGIN);
            List<String> steps = LoginTest.recapSteps(daemon.transcript(JID));
            assertThat(steps).containsSubsequence("bind", "disco-info-server", "roster-get", "initial-presence");
            assertThat(steps).doesNotContain("session", "blocklist-get", "carbons-enable");
            assertThat(server.received()).doesNotContain(SESSION).doesNotContain("<blocklist")
                    .doesNotContain("<enable xmlns='urn:xmpp:carbons:2'");
            assertThat(server.failures()).isEmpty();
        }
    }

    /**
     * RFC 6120 §4.9.3.19: after TLS a see-other-host is followed (before TLS it is not: NegotiationAttackTest). The
     * target presents a certificate of its own, which the account does not trust: it got the connection, no login.
     */
    @Test
    void aRedirectAfterTlsIsFollowed() {
        try (ScriptedServer target = server("target", c -> CannedLogin.online(c, FULL));
             ScriptedServer server = server("server", c -> {
                 CannedLogin.tls(c);
                 c.send("<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>127.0.0.1:"
                         + target.port() + "</see-other-host></stream:error></stream:stream>");
                 c.close();
             });
             RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            add(daemon, server);

            Awaitility.await().atMost(StatusChecks.LOGIN).until(() -> target.connections() >= 1);
            assertThat(server.received()).contains("<starttls").doesNotContain("<auth");
            assertThat(target.received()).doesNotContain("<auth");
        }
    }

    /** RFC 6120 §4.9.3.3: another client took our resource; the stream error is shown, then we log in again. */
    @Test
    void aConflictIsShownAsATypedStreamError() {
        try (ScriptedServer server = server("server", c -> {
            CannedLogin.online(c, FULL);
            if (c.number() == 1) {
                c.send("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                        + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text>"
                        + "</stream:error></stream:stream>");
                c.close();
            }
        });
             RunningDaemon daemon = RunningDaemon.start(dir, List.of());
             StatusRecorder recorder = StatusRecorder.record(daemon, JID)) {
            add(daemon, server);

            List<StatusRecorder.Seen> seen = recorder.awaitSeen("backoff", "stream-error:conflict", 1,
                    StatusChecks.LOGIN);
            assertThat(seen.getFirst().lastError()).contains("Replaced by new connection");
            Awaitility.await().atMost(StatusChecks.LOGIN).until(() -> server.connections() >= 2);
            daemon.awaitState(JID, "online", StatusChecks.LOGIN);
            assertThat(server.failures()).isEmpty();
        }
    }

    /** The initial presence is the account's configured show, status and priority (RFC 6121 §4.2, §4.7). */
    @Test
    void theInitialPresenceCarriesTheConfiguredShowStatusAndPriority() throws IOException {
        Path password = Files.writeString(dir.resolve("password"), "secret\n");
        try (ScriptedServer server = server("server", c -> CannedLogin.online(c, FULL))) {
            AccountSettings declared = new AccountSettings(JID, true, Optional.of(server.host()),
                    OptionalInt.of(server.port()), false, Optional.of(server.certificate().certificatePem()),
                    Optional.empty(), Optional.empty(), new PasswordSource.File(password),
                    new PresenceSettings("dnd", "in a meeting", -5), true);
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(declared))) {
                daemon.awaitState(JID, "online", StatusChecks.LOGIN);

                Element presence = daemon.transcript(JID).stream()
                        .filter(e -> e.direction() == Transcript.Direction.SENT).flatMap(e -> e.element().stream())
                        .filter(e -> e.name().equals("presence")).findFirst().orElseThrow();
                assertThat(presence.attribute("to")).isEmpty();
                assertThat(presence.childText("show", "jabber:client")).contains("dnd");
                assertThat(presence.childText("status", "jabber:client")).contains("in a meeting");
                assertThat(presence.childText("priority", "jabber:client")).contains("-5");
                assertThat(server.failures()).isEmpty();
            }
        }
    }

    /** A name that does not resolve (RFC 6761: .invalid never does) is {@code host-unknown}, retried with backoff. */
    @Test
    void anUnresolvableHostIsHostUnknown() {
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.call("account.add", Map.of("jid", JID, "password", "secret", "host", "xmppd-test.invalid",
                    "port", 5222));

            JsonNode status = StatusChecks.awaitError(daemon, JID, "backoff", "host-unknown: ", StatusChecks.LOGIN);
            assertThat(status.path("lastError").asText()).contains("xmppd-test.invalid");
        }
    }

    private ScriptedServer server(String name, ScriptedServer.Script script) {
        try {
            return ScriptedServer.start(Files.createDirectories(dir.resolve(name)), script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(RunningDaemon daemon, ScriptedServer server) {
        JsonNode added = daemon.call("account.add", Map.of("jid", JID, "password", "secret", "host", server.host(),
                "port", server.port(), "trustedCert", server.certificate().certificatePem().toString()));
        assertThat(added.path("jid").asText()).as("account.add: %s", added).isEqualTo(JID);
    }
}
