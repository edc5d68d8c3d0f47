package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.daemon.config.ArchiveSettings.FirstSync;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first sync of an account's archive under the two policies that do not fetch everything ({@code
 * xmppd.archive.first-sync = last | since}), against the real servers. A resource of the account is online while the
 * peer sends, so the server keeps no offline copies: what the daemon holds came from the archive.
 */
class ArchiveFirstSyncTest {
    private static final Duration RECEIVED = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BothServers
    void theLastNAreFetchedNewestFirstInSmallPagesAndNothingOlder(XmppServer server) {
        Account alice = server.newAccount("lastn");
        Account bob = server.newAccount("peer");
        try (SlixmppPeer sink = SlixmppPeer.connect(server, alice, SlixmppPeer.Options.defaults().withResource("sink"));
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            peer.send(alice.jid(), "old", 30, "o");
            sink.awaitReceived(30, RECEIVED);
        }
        ArchiveSettings settings = new ArchiveSettings(new FirstSync.Last(10), 4, List.of());
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(), settings)) {
            daemon.addAccount(server, alice);
            JsonNode round = daemon.call("sync", Map.of("account", alice.jid())).path("accounts").get(0);
            assertThat(round.path("state").asText()).as("sync: %s", round).isEqualTo("caught-up");
            assertThat(round.path("fetched").asLong()).as("sync: %s", round).isEqualTo(10);
            assertThat(round.path("pages").asInt()).as("pages of at most 4: %s", round).isGreaterThanOrEqualTo(3);
            JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", bob.jid(), "limit", 100));
            // In the archive's order, also where Prosody stamps them all in the same second: the backward pages came
            // newest first, and each older page's rows sort before those stored earlier (MessageTable.Writer).
            assertThat(ArchiveSyncTest.texts(history, "body"))
                    .containsExactlyElementsOf(IntStream.range(20, 30).mapToObj(i -> "old " + i).toList());
        }
    }

    @BothServers
    void aSinceDateFetchesOnlyWhatTheArchiveStampedFromThenOn(XmppServer server) {
        Account alice = server.newAccount("since");
        Account bob = server.newAccount("peer");
        Instant cut;
        try (SlixmppPeer sink = SlixmppPeer.connect(server, alice, SlixmppPeer.Options.defaults().withResource("sink"));
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            peer.send(alice.jid(), "before", 5, "b");
            sink.awaitReceived(5, RECEIVED);
            // Prosody stamps its archive in whole seconds: the cut is the next whole second, and the rest comes after.
            cut = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Instant.now().isAfter(cut));
            peer.send(alice.jid(), "after", 5, "a");
            sink.awaitReceived(10, RECEIVED);
        }
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(),
                ArchiveSettings.DEFAULTS.withFirstSync(new FirstSync.Since(cut)))) {
            daemon.addAccount(server, alice);
            JsonNode round = daemon.call("sync", Map.of("account", alice.jid())).path("accounts").get(0);
            assertThat(round.path("state").asText()).as("sync: %s", round).isEqualTo("caught-up");
            JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", bob.jid(), "limit", 100));
            assertThat(ArchiveSyncTest.texts(history, "body"))
                    .containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(i -> "after " + i).toList());
        }
    }
}
