package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/**
 * XEP-0352 as the servers apply it: a contact's presence change is held back while the daemon is inactive (its
 * default) and arrives as soon as {@code xmppctl csi ACCOUNT active} says someone is looking. Prosody's
 * mod_csi_simple holds unimportant stanzas until the client sends something; ejabberd's mod_client_state queues
 * presence until the client becomes active.
 */
class ClientStateTest {

    private static final Duration LOGIN = Duration.ofSeconds(30);
    private static final Duration HELD = Duration.ofSeconds(3);
    private static final Duration QUIET = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    @BothServers
    void aContactsPresenceWaitsWhileInactiveAndComesWhenActive(XmppServer server) {
        Account alice = server.newAccount("csi");
        Account bob = server.newAccount("csipeer");
        // alice is subscribed to bob's presence (RFC 6121 §3): asked from another resource, approved by bob.
        try (SlixmppPeer setup = SlixmppPeer.connect(server, alice, SlixmppPeer.Options.defaults().withResource("setup"));
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            setup.presence(bob.jid(), "subscribe", null, null);
            peer.presence(alice.jid(), "subscribed", null, null);
            setup.ping(null);
        }
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(), StreamSettings.DEFAULTS);
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            daemon.addAccount(server, alice, Map.of("resource", "csi"));
            JsonNode online = daemon.awaitState(alice.jid(), "online", LOGIN);
            assertThat(online.path("csi").asText()).isEqualTo("inactive");
            assertThat(daemon.transcript(alice.jid()).stream().flatMap(e -> e.element().stream()))
                    .anyMatch(e -> e.is("inactive", "urn:xmpp:csi:0"));
            // Nothing of ours goes out meanwhile (Prosody flushes on any byte from the client): the catch-up is over,
            // and the stream has been quiet longer than Prosody stays active after a flush (csi_resume_inactive_delay).
            assertThat(daemon.call("sync", Map.of("account", alice.jid())).toString()).contains("caught-up");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    Duration.between(daemon.transcript(alice.jid()).getLast().at(), Instant.now()).compareTo(QUIET) > 0);

            peer.presence(null, null, "away", "gone fishing");
            Awaitility.await().during(HELD).atMost(HELD.plusSeconds(2)).until(() -> !fishing(daemon, alice, bob));

            assertThat(daemon.call("csi", Map.of("account", alice.jid(), "state", "active")).path("ok").asBoolean())
                    .isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fishing(daemon, alice, bob));
            assertThat(daemon.status(alice.jid()).path("csi").asText()).isEqualTo("active");
            if (server.name().equals("prosody")) {
                server.awaitLog("Client state of " + alice.jid("csi") + " is now inactive", 1, LOGIN);
                server.awaitLog("Client state of " + alice.jid("csi") + " is now active", 1, LOGIN);
            }

            // Back to inactive: held again.
            assertThat(daemon.call("csi", Map.of("account", alice.jid(), "state", "inactive")).has("error")).isFalse();
            Awaitility.await().atMost(LOGIN).until(() -> daemon.status(alice.jid()).path("csi").asText()
                    .equals("inactive"));
        }
    }

    @BothServers
    void anOfflineAccountKeepsTheStateForItsNextLoginAndAnUnknownStateIsRefused(XmppServer server) {
        Account alice = server.newAccount("csioff");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(), StreamSettings.DEFAULTS)) {
            daemon.addAccount(server, alice, Map.of("port", StatusChecks.refusingPort()));
            daemon.awaitState(alice.jid(), "backoff", LOGIN);
            assertThat(daemon.status(alice.jid()).path("csi").asText()).isEqualTo("inactive");

            assertThat(daemon.call("csi", Map.of("account", alice.jid(), "state", "active")).path("ok").asBoolean())
                    .isTrue();
            Awaitility.await().atMost(LOGIN).until(() -> daemon.status(alice.jid()).path("csi").asText()
                    .equals("active"));
            JsonNode bad = daemon.call("csi", Map.of("account", alice.jid(), "state", "asleep"));
            assertThat(bad.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(bad.path("error").path("message").asText()).contains("active or inactive");
        }
    }

    /** Whether bob's "away, gone fishing" presence has reached the daemon. */
    private static boolean fishing(RunningDaemon daemon, Account alice, Account bob) {
        return daemon.transcript(alice.jid()).stream()
                .filter(e -> e.direction() == Transcript.Direction.RECEIVED)
                .flatMap(e -> e.element().stream())
                .anyMatch(e -> e.name().equals("presence") && e.attribute("from").orElse("").startsWith(bob.jid())
                        && e.childText("status", "jabber:client").orElse("").equals("gone fishing"));
    }
}
