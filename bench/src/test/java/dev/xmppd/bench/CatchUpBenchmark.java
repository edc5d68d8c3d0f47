package dev.xmppd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catch-up rate (docs/BENCHMARKS.md): a 20,000-message archive fetched by xmppd ({@code sync}, every page
 * stored in one transaction, deduplicated and indexed) next to {@link BareMamClient}, which pages the same archive
 * and stores nothing, and Smack's MamManager, in one run ({@link ArchiveCatchUp}). Not a unit test (surefire skips
 * it by name): run it with bench/run-catchup. Results are appended to bench/target/catchup.txt.
 */
class CatchUpBenchmark {
    private static final int MESSAGES = Integer.getInteger("catchup.messages", 20_000);

    @TempDir
    Path dir;

    @BothServers
    void catchUpRate(XmppServer server) throws Exception {
        ArchiveCatchUp.Filled filled = ArchiveCatchUp.fill(server, MESSAGES);
        BareMamClient.Run bare1 = ArchiveCatchUp.bare(server, filled.account());
        BareMamClient.Run smack = ArchiveCatchUp.smack(server, filled.account());
        BareMamClient.Run xmppd = ArchiveCatchUp.xmppd(dir, server, filled.account(), MESSAGES);
        BareMamClient.Run bare2 = ArchiveCatchUp.bare(server, filled.account());
        assertThat(bare1.messages()).isEqualTo(MESSAGES);
        assertThat(smack.messages()).isEqualTo(MESSAGES);

        String line = "%s: %,d messages (archive filled at %.0f msg/s); bare client %.0f and %.0f msg/s (%d pages);"
                + " Smack MamManager %.0f msg/s; xmppd sync %.1f s = %.0f msg/s stored%n";
        String result = line.formatted(server.name(), MESSAGES, filled.messagesPerSecond(), bare1.rate(),
                bare2.rate(), bare1.pages(), smack.rate(), xmppd.nanos() / 1e9, xmppd.rate());
        System.out.print(result);
        Path report = Path.of("target", "catchup.txt");
        Files.writeString(report, result, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
