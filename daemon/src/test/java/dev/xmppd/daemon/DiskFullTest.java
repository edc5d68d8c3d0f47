package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.SlixmppPeer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory on a 32 MiB tmpfs, filled up in the middle of a catch-up from Prosody: {@code sync} says the
 * disk is full and so does {@code status} (its {@code store} field, until a write succeeds again), what could not
 * be stored is not counted (the ledger keeps the range), and once space is freed completes the archive with every
 * message once.
 */
class DiskFullTest {
    private static final int MESSAGES = 3_000;
    private static final String LIVE_BODY = "sent while the disk is full";

    @TempDir
    Path dir;
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", "-l", mounted.toString());
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed (this test needs root to mount a tmpfs): " + out);
        }
        return out;
    }

    @Test
    void aFullDiskDuringCatchUpIsReportedAndTheArchiveCompletesOnceSpaceIsFreed() throws Exception {
        try (ProsodyServer server = new ProsodyServer()) {
            server.start();
            Account alice = server.newAccount("full");
            Account bob = server.newAccount("sender");
            try (SlixmppPeer sink = SlixmppPeer.connect(server, alice, SlixmppPeer.Options.defaults().withResource("sink"));
                 SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
                peer.send(alice.jid(), "msg", MESSAGES, "full");
                sink.awaitReceived(MESSAGES, Duration.ofSeconds(120));
            }
            Path data = Files.createDirectories(dir.resolve("data"));
            run("mount", "-t", "tmpfs", "-o", "size=32m,mode=0700", "tmpfs", data.toString());
            mounted = data;
            Path filler = data.resolve("filler");
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(),
                    new ArchiveSettings(new ArchiveSettings.FirstSync.All(), 50, List.of()))) {
                daemon.addAccount(server, alice);
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                        .until(() -> archived(daemon, alice) >= 200);
                try (OutputStream out = Files.newOutputStream(filler)) {
                    byte[] chunk = new byte[64 * 1024];
                    while (true) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    assertThat(e.getMessage()).containsIgnoringCase("space");
                }
                JsonNode failed = daemon.call("sync", Map.of("account", alice.jid()));
                assertThat(failed.toString()).as("sync names the failure: %s", failed).contains("storage error");
                assertThat(failed.path("accounts").path(0).path("state").asText()).as("sync: %s", failed)
                        .isNotEqualTo("caught-up");
                // status shows it too, daemon-wide: the store's writes fail, with the root cause and since when.
                JsonNode store = daemon.call("status").path("store");
                assertThat(store.path("state").asText()).as("status store: %s", store).isEqualTo("error");
                assertThat(store.path("error").asText()).as("status store: %s", store)
                        .containsIgnoringCase("No space left on device");
                java.time.Instant failingSince = java.time.Instant.parse(store.path("since").asText());
                long atFull = archived(daemon, alice);
                assertThat(atFull).as("filled in the middle of the catch-up").isLessThan(MESSAGES);

                // A live message while the disk is full: received, not stored, so not acknowledged; kept and stored
                // once there is room, on the same stream-management session (no new login brings it).
                try (SlixmppPeer live = SlixmppPeer.connect(server, bob)) {
                    live.sendMessage(alice.jid(), LIVE_BODY, "while-full", "chat");
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> daemon.transcript(alice.jid()).stream()
                        .anyMatch(e -> e.xml().contains(LIVE_BODY)));
                JsonNode smWhileFull = daemon.status(alice.jid()).path("sm");

                Files.delete(filler);
                // The store operation that meets the database H2 closed reopens it: a sync may fail once more.
                List<JsonNode> syncs = new java.util.ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    syncs.add(daemon.call("sync", Map.of("account", alice.jid())));
                    return syncs.getLast().path("accounts").path(0).path("state").asText().equals("caught-up");
                });
                assertThat(syncs).as("syncs after freeing space: %s", syncs).hasSizeLessThanOrEqualTo(3);
                JsonNode recovered = daemon.call("status").path("store");
                assertThat(recovered.path("state").asText()).as("status store: %s", recovered).isEqualTo("ok");
                assertThat(recovered.has("error")).as("status store: %s", recovered).isFalse();
                assertThat(java.time.Instant.parse(recovered.path("since").asText())).isAfter(failingSince);
                List<String> expected = new java.util.ArrayList<>(IntStream.range(0, MESSAGES)
                        .mapToObj(i -> "msg " + i).toList());
                expected.add(LIVE_BODY);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> archived(daemon, alice) > MESSAGES);
                JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", bob.jid(),
                        "limit", 2 * MESSAGES));
                assertThat(ArchiveSyncTest.texts(history, "body")).containsExactlyElementsOf(expected);
                assertThat(new HashSet<>(ArchiveSyncTest.texts(history, "id"))).hasSize(MESSAGES + 1);
                assertThat(archived(daemon, alice)).isEqualTo(MESSAGES + 1);
                JsonNode sm = daemon.status(alice.jid()).path("sm");
                assertThat(sm.path("id").asText()).as("sm %s, while full %s", sm, smWhileFull)
                        .isEqualTo(smWhileFull.path("id").asText()).isNotEmpty();
                assertThat(sm.path("resumptions").asInt()).isEqualTo(smWhileFull.path("resumptions").asInt());
                // Our h moves past what came while the disk was full: the page whose store failed is handled (it is
                // fetched again) and the live message once its retried store committed.
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> daemon.status(alice.jid()).path("sm")
                        .path("inbound").asLong() > smWhileFull.path("inbound").asLong());
            }
        }
    }

    private static long archived(RunningDaemon daemon, Account account) {
        return daemon.status(account.jid()).path("archive").path("messages").asLong();
    }
}
