package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed transaction survives the death of the process right after the commit (kill -9, OOM killer): the
 * archive acknowledges messages and stream management tells the server its h only after a commit.
 */
class CommitDurabilityTest {

    @TempDir
    Path dir;

    /** Run in a child JVM: commits five rows one by one, then dies without closing anything. */
    public static void main(String[] args) throws SQLException {
        Connection c = DatabaseFile.open(Path.of(args[0]));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (v INT)");
            c.commit();
            for (int i = 0; i < 5; i++) {
                st.execute("INSERT INTO t VALUES (" + i + ")");
                c.commit();
            }
        }
        System.out.println("committed");
        System.out.flush();
        Runtime.getRuntime().halt(9);
    }

    @Test
    void committedRowsSurviveAKilledProcess() throws IOException, InterruptedException, SQLException {
        Path database = dir.resolve("xmppd");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitDurabilityTest.class.getName(), database.toString()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("committed");
        assertThat(child.exitValue()).isEqualTo(9);

        try (Connection c = DatabaseFile.open(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }
}
