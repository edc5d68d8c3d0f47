package dev.xmppd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.ctl.CommandFailure;
import dev.xmppd.ctl.ControlClient;
import dev.xmppd.ctl.Json;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private long xmppdSync(XmppServer server, Account alice) throws Exception {
        Path config = config(server, alice);
        Path socket = dir.resolve("run").resolve("control.sock");
        Process daemon = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.xmppd.daemon.Xmppd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("xmppd.log").toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(CommandFailure.class)
                    .until(() -> new ControlClient(socket, Duration.ofSeconds(5)).call("status", Json.object())
                            .has("accounts"));
            long start = System.nanoTime();
            JsonNode sync = new ControlClient(socket, Duration.ofMinutes(10)).call("sync",
                    Json.object().put("account", alice.jid()));
            long nanos = System.nanoTime() - start;
            JsonNode round = sync.path("accounts").get(0);
            assertThat(round.path("state").asText()).as("sync: %s", sync).isEqualTo("caught-up");
            ObjectNode status = (ObjectNode) new ControlClient(socket, Duration.ofSeconds(10)).call("status",
                    Json.object()).path("accounts").get(0);
            assertThat(status.path("archive").path("messages").asLong()).isEqualTo(MESSAGES);
            new ControlClient(socket, Duration.ofSeconds(10)).call("shutdown", Json.object());
            daemon.waitFor(30, TimeUnit.SECONDS);
            return nanos;
        } finally {
            daemon.destroyForcibly();
        }
    }

    private Path config(XmppServer server, Account alice) throws IOException {
        Path password = dir.resolve("alice.password");
        Files.writeString(password, alice.password() + "\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        return Files.writeString(dir.resolve("xmppd.conf"), String.join("\n", List.of(
                "xmppd.data-dir = \"" + dir.resolve("data") + "\"",
                "xmppd.control.socket = \"" + runtime.resolve("control.sock") + "\"",
                "xmppd.archive.page-size = " + PAGE,
                "xmppd.accounts = [{ jid = \"" + alice.jid() + "\", password-file = \"" + password + "\", host = \""
                        + server.host() + "\", port = " + server.starttlsPort() + ", trusted-cert = \""
                        + server.certificatePem() + "\", resource = xmppd }]", "")));
    }
}
