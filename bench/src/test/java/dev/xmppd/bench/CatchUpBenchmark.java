package dev.xmppd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.ctl.CommandFailure;
import dev.xmppd.ctl.ControlClient;
import dev.xmppd.ctl.Json;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.DaemonProcess;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catch-up rate (docs/BENCHMARKS.md): a 20,000-message archive fetched by xmppd ({@code sync}, every page
 * stored in one transaction, deduplicated and indexed) next to {@link BareMamClient}, which pages the same archive
 * and stores nothing, in one run. Not a unit test (surefire skips it by name): run it with bench/run-catchup.
 * Results are appended to bench/target/catchup.txt.
 */
class CatchUpBenchmark {
    private static final int MESSAGES = Integer.getInteger("catchup.messages", 20_000);
    private static final int PAGE = 250;

    @TempDir
    Path dir;

    @BothServers
    void catchUpRate(XmppServer server) throws Exception {
        Account alice = server.newAccount("archive");
        Account bob = server.newAccount("sender");
        long filled = System.nanoTime();
        // A resource of alice is online while bob sends: the server delivers and archives, keeps no offline copies.
        try (SlixmppPeer sink = SlixmppPeer.connect(server, alice, SlixmppPeer.Options.defaults().withResource("sink"));
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            for (int sent = 0; sent < MESSAGES; sent += 5_000) {
                peer.send(alice.jid(), "message number", Math.min(5_000, MESSAGES - sent), "b" + sent);
            }
        }
        double fillSeconds = (System.nanoTime() - filled) / 1e9;

        BareMamClient.Run bare1 = bare(server, alice);
        long xmppdNanos = xmppdSync(server, alice);
        BareMamClient.Run bare2 = bare(server, alice);
        assertThat(bare1.messages()).isEqualTo(MESSAGES);

        String line = "%s: %,d messages (archive filled at %.0f msg/s); bare client %.0f and %.0f msg/s (%d pages);"
                + " xmppd sync %.1f s = %.0f msg/s stored%n";
        String result = line.formatted(server.name(), MESSAGES, MESSAGES / fillSeconds, bare1.rate(), bare2.rate(),
                bare1.pages(), xmppdNanos / 1e9, MESSAGES / (xmppdNanos / 1e9));
        System.out.print(result);
        Path report = Path.of("target", "catchup.txt");
        Files.writeString(report, result, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private BareMamClient.Run bare(XmppServer server, Account alice) throws Exception {
        try (BareMamClient client = BareMamClient.login(server.host(), server.starttlsPort(), server.domain(),
                server.certificatePem(), alice.user(), alice.password())) {
            return client.pageAll(PAGE);
        }
    }

    /** xmppd in its own process: from the sync call (made while it logs in) to "caught up". */
    private long xmppdSync(XmppServer server, Account alice) {
        try (DaemonProcess daemon = DaemonProcess.start(dir, server, alice, "xmppd.archive.page-size = " + PAGE,
                "xmppd")) {
            Path socket = daemon.socket();
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(CommandFailure.class)
                    .until(() -> new ControlClient(socket, Duration.ofSeconds(5)).call("status", Json.object())
                            .has("accounts"));
            long start = System.nanoTime();
            JsonNode sync = new ControlClient(socket, Duration.ofMinutes(10)).call("sync",
                    Json.object().put("account", alice.jid()));
            long nanos = System.nanoTime() - start;
            assertThat(sync.path("accounts").get(0).path("state").asText()).as("sync: %s", sync)
                    .isEqualTo("caught-up");
            JsonNode status = new ControlClient(socket, Duration.ofSeconds(10)).call("status", Json.object())
                    .path("accounts").get(0);
            assertThat(status.path("archive").path("messages").asLong()).isEqualTo(MESSAGES);
            new ControlClient(socket, Duration.ofSeconds(10)).call("shutdown", Json.object());
            daemon.awaitExit(Duration.ofSeconds(30));
            return nanos;
        }
    }
}
