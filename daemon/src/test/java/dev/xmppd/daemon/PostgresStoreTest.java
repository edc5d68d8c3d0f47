package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.StoreSettings;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.PostgresServer;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon with {@code xmppd.store.type = postgresql}: an account added at runtime logs into Prosody, live
 * messages are archived in PostgreSQL, and after a restart the account comes back from the database and catches up
 * what arrived while the daemon was stopped. Nothing is written to an H2 file.
 */
@ExtendWith(XmppServers.class)
class PostgresStoreTest {

    @TempDir
    Path dir;

    @Test
    void anAccountOnProsodyIsArchivedInPostgresqlAndCaughtUpAfterARestart(ProsodyServer server) throws Exception {
        StoreSettings.Postgresql store = SharedPostgres.freshStore(dir.resolve("postgresql"));
        Account alice = server.newAccount("pgarchive");
        Account bob = server.newAccount("pgpeer");
        try (SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(), store)) {
                daemon.addAccount(server, alice);
                daemon.awaitState(alice.jid(), "online", Duration.ofSeconds(30));
                peer.sendMessage(alice.jid(), "live, before the stop", "live-1", "chat");
                ArchiveSyncTest.awaitMessages(daemon, alice, 1);
            }
            // Prosody stamps archived messages in whole seconds: the burst comes in a later second than the live
            // message, so their order can be told from the timestamps.
            long second = Instant.now().getEpochSecond();
            Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Instant.now().getEpochSecond() > second);
            peer.send(alice.jid(), "msg", 50, "stopped");
        }
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(), store)) {
            daemon.awaitState(alice.jid(), "online", Duration.ofSeconds(30));
            JsonNode sync = daemon.call("sync", Map.of("account", alice.jid()));
            assertThat(sync.path("accounts").get(0).path("state").asText()).as("sync: %s", sync).isEqualTo("caught-up");
            JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", bob.jid(), "limit", 100));
            List<String> expected = new ArrayList<>(List.of("live, before the stop"));
            IntStream.range(0, 50).mapToObj(i -> "msg " + i).forEach(expected::add);
            assertThat(ArchiveSyncTest.texts(history, "body")).containsExactlyElementsOf(expected);
            assertThat(daemon.call("search", Map.of("text", "msg 42")).path("messages")).hasSize(1);
            assertThat(daemon.status(alice.jid()).path("archive").path("messages").asLong()).isEqualTo(51);
        }
        try (Connection c = DriverManager.getConnection(store.url(), PostgresServer.USER,
                SharedPostgres.server().password());
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT stanza_id) FROM messages"
                     + " WHERE account = ?")) {
            ps.setString(1, alice.jid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2))).containsExactly(51L, 51L);
            }
        }
        assertThat(dir.resolve("data").resolve("xmppd.mv.db")).doesNotExist();
    }
}
