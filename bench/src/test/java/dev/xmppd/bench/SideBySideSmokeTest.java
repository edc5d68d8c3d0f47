package dev.xmppd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.testbed.EjabberdServer;
import dev.xmppd.testbed.XmppServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness of scripts/bench works (what {@code scripts/bench --smoke} runs, at CI's cost): every comparison
 * runs at tiny sizes ({@link BenchSizes#SMOKE}) on ejabberd, and the table has every row with a number in each
 * column that has a client. No timing is asserted.
 */
@ExtendWith(XmppServers.class)
class SideBySideSmokeTest {

    @TempDir
    Path dir;

    @Test
    void everyComparisonGivesItsRow(EjabberdServer ejabberd) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchTable table = new SideBySide(BenchSizes.SMOKE, dir, new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(List.of(ejabberd), ejabberd, ejabberd);
        System.out.print(log.toString(StandardCharsets.UTF_8) + table.render());

        List<String> metrics = table.rows().stream().map(BenchTable.Row::metric).toList();
        assertThat(metrics).as(log.toString(StandardCharsets.UTF_8)).hasSize(11);
        assertThat(metrics).anyMatch(m -> m.contains("time until all online"))
                .anyMatch(m -> m.contains("threads")).anyMatch(m -> m.contains("heap after full GC"))
                .anyMatch(m -> m.contains("RSS")).anyMatch(m -> m.contains("CPU idle"))
                .anyMatch(m -> m.contains("median")).anyMatch(m -> m.contains("p95"))
                .anyMatch(m -> m.contains("xmppctl status")).anyMatch(m -> m.contains("vs Smack"))
                .anyMatch(m -> m.contains("vs bare")).anyMatch(m -> m.startsWith("parsing"));
        for (BenchTable.Row row : table.rows()) {
            assertThat(row.xmppd()).as(row.metric()).isPresent();
            assertThat(row.xmppd().getAsDouble()).as(row.metric()).isFinite().isNotNegative();
            if (!row.metric().startsWith("xmppctl")) {
                assertThat(row.smack()).as(row.metric()).isPresent();
            }
        }
        assertThat(table.rows()).filteredOn(row -> row.metric().contains("login") || row.metric().contains("catch-up")
                || row.metric().startsWith("parsing")).allSatisfy(row -> assertThat(row.peer()).isPresent());
        assertThat(table.render().lines()).hasSize(2 + 11).allMatch(line -> line.startsWith("| "));
    }
}
