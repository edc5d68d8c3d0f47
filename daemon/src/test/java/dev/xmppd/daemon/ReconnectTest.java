package dev.xmppd.daemon;

import static dev.xmppd.daemon.StatusChecks.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.PeerCommandException;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/** The server going away and coming back, and the user taking an account offline and back. */
class ReconnectTest {

    /** {@link RunningDaemon#FAST_RECONNECT}'s shortest wait with full jitter: no two attempts come closer. */
    private static final Duration MIN_GAP = RunningDaemon.FAST_RECONNECT.minBackoff().dividedBy(2);

    @TempDir
    Path dir;

    @BothServers
    void aStoppedServerMeansBackoffAndRetriesUntilItIsBack(XmppServer server) {
        Account alice = server.newAccount("reconnect");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of());
             StatusRecorder recorder = StatusRecorder.record(daemon, alice.jid())) {
            daemon.addAccount(server, alice);
            Instant firstLogin = Instant.parse(daemon.awaitState(alice.jid(), "online", LOGIN).path("since").asText());

            server.stop();
            List<StatusRecorder.Seen> retries = recorder.awaitSeen("backoff", "refused the connection", 3, LOGIN);
            // First the stream's end (the socket closing, or a shutdown stream error), then refused retries.
            assertThat(recorder.seen("backoff").getFirst().lastError()).matches("(connection-lost|stream-error:).*");
            assertThat(retries).allSatisfy(r -> assertThat(r.lastError()).startsWith("connection-refused: "));
            for (int i = 1; i < retries.size(); i++) {
                assertThat(Duration.between(retries.get(i - 1).since(), retries.get(i).since()))
                        .as("wait before retry %d", i).isGreaterThanOrEqualTo(MIN_GAP);
            }

            server.start();
            JsonNode back = daemon.awaitState(alice.jid(), "online", LOGIN);
            assertThat(back.path("lastError").isNull()).isTrue();
            assertThat(Instant.parse(back.path("since").asText())).isAfter(firstLogin);
            assertThat(LoginTest.recapSteps(daemon.transcript(alice.jid())))
                    .filteredOn("initial-presence"::equals).hasSize(2);
        }
    }

    @BothServers
    void disableEndsTheSessionOnTheServerAndEnableLogsInAgain(XmppServer server) {
        Account alice = server.newAccount("toggle");
        Account peerAccount = server.newAccount("watcher");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of());
             SlixmppPeer peer = SlixmppPeer.connect(server, peerAccount)) {
            daemon.addAccount(server, alice, Map.of("resource", "toggle"));
            daemon.awaitState(alice.jid(), "online", LOGIN);
            peer.ping(alice.jid("toggle"));

            JsonNode disabled = daemon.call("account.disable", Map.of("jid", alice.jid()));
            assertThat(disabled.path("enabled").asBoolean()).isFalse();
            assertThat(daemon.status(alice.jid()).path("state").asText()).isEqualTo("disabled");
            // The server no longer has the session: a ping to its full JID is answered with an error.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> peer.ping(alice.jid("toggle"))).isInstanceOf(PeerCommandException.class));
            StatusChecks.holdsState(daemon, alice.jid(), RunningDaemon.FAST_RECONNECT.maxBackoff(), "disabled");

            assertThat(daemon.call("account.enable", Map.of("jid", alice.jid())).path("enabled").asBoolean()).isTrue();
            daemon.awaitState(alice.jid(), "online", LOGIN);
            peer.ping(alice.jid("toggle"));
        }
    }
}
