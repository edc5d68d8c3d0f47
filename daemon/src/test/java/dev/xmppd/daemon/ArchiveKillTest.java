package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.ctl.CommandFailure;
import dev.xmppd.ctl.ControlClient;
import dev.xmppd.daemon.control.JsonRpc;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.DaemonProcess;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as its own process (bin/xmppd's main class on this classpath), killed with SIGKILL in the middle of a
 * 5,000-message catch-up: the restarted daemon resumes from its ledger and ends with every message exactly once.
 */
class ArchiveKillTest {
    private static final int MESSAGES = 5_000;

    @TempDir
    Path dir;

    @BothServers
    void aCatchUpKilledMidwayCompletesAfterRestartWithoutDuplicates(XmppServer server) throws Exception {
        Account alice = server.newAccount("killed");
        Account bob = server.newAccount("sender");
        // A resource of alice is online while bob sends, so the server delivers to it and archives, but keeps no
        // offline copies: the daemon gets the messages from the archive alone.
        try (SlixmppPeer sink = SlixmppPeer.connect(server, alice, SlixmppPeer.Options.defaults().withResource("sink"));
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            peer.send(alice.jid(), "msg", MESSAGES, "k");
            sink.awaitReceived(MESSAGES, Duration.ofSeconds(120));
        }
        // A small MAM page, so the catch-up takes long enough to be killed in the middle.
        String pageSize = "xmppd.archive.page-size = 50";
        AtomicLong atKill = new AtomicLong();
        try (DaemonProcess first = DaemonProcess.start(dir, server, alice, pageSize, "first")) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
                atKill.set(archived(first.socket()));
                return atKill.get() >= 300;
            });
            first.kill();
        }
        assertThat(atKill.get()).as("killed in the middle of the catch-up").isLessThan(MESSAGES);

        try (DaemonProcess second = DaemonProcess.start(dir, server, alice, pageSize, "second")) {
            Path socket = second.socket();
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(CommandFailure.class)
                    .until(() -> client(socket, Duration.ofSeconds(5)).call("status", JsonRpc.MAPPER.createObjectNode())
                            .has("accounts"));
            JsonNode sync = client(socket, Duration.ofMinutes(5)).call("sync",
                    JsonRpc.MAPPER.createObjectNode().put("account", alice.jid()));
            JsonNode round = sync.path("accounts").get(0);
            assertThat(round.path("state").asText()).as("sync: %s", sync).isEqualTo("caught-up");
            // The ledger's cursor moved with each committed page: only the rest is fetched again, and all of it is new.
            assertThat(round.path("fetched").asLong()).as("sync: %s, %d archived at the kill", sync, atKill.get())
                    .isLessThanOrEqualTo(MESSAGES - atKill.get()).isEqualTo(round.path("stored").asLong());
            ObjectNode query = JsonRpc.MAPPER.createObjectNode().put("account", alice.jid()).put("with", bob.jid())
                    .put("limit", 2 * MESSAGES);
            JsonNode history = client(socket, Duration.ofSeconds(60)).call("history", query);
            List<String> bodies = ArchiveSyncTest.texts(history, "body");
            assertThat(bodies).containsExactlyElementsOf(IntStream.range(0, MESSAGES).mapToObj(i -> "msg " + i).toList());
            assertThat(new HashSet<>(ArchiveSyncTest.texts(history, "id"))).hasSize(MESSAGES);
            assertThat(archived(socket)).isEqualTo(MESSAGES);
            client(socket, Duration.ofSeconds(10)).call("shutdown", JsonRpc.MAPPER.createObjectNode());
            assertThat(second.awaitExit(Duration.ofSeconds(30))).isTrue();
        }
    }

    private static ControlClient client(Path socket, Duration timeout) {
        return new ControlClient(socket, timeout);
    }

    private static long archived(Path socket) {
        try {
            JsonNode status = client(socket, Duration.ofSeconds(5)).call("status", JsonRpc.MAPPER.createObjectNode());
            return status.path("accounts").path(0).path("archive").path("messages").asLong();
        } catch (CommandFailure e) {
            return 0;
        }
    }
}
