package dev.xmppd.bench;

import dev.xmppd.testbed.EjabberdServer;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServer;
import dev.xmppd.testbed.XmppServers;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench: xmppd next to Smack and slixmpp (or the bare client, or raw Aalto) in one run, sizes from
 * {@code -Dbench.mode=full|smoke} ({@link BenchSizes}): the accounts online spread over Prosody and ejabberd in
 * equal shares, logins on {@code -Dbench.login-server} (prosody by default, or ejabberd), the catch-up archive on
 * ejabberd. Not a unit test (surefire skips it by
 * name). Writes the table to target/bench-table.md and the raw figures, with the load average at each step, to
 * target/bench.log.
 */
@ExtendWith(XmppServers.class)
class SideBySideBenchmark {

    @TempDir
    Path dir;

    @Test
    void sideBySide(ProsodyServer prosody, EjabberdServer ejabberd) throws Exception {
        XmppServer logins = System.getProperty("bench.login-server", "prosody").equals("prosody") ? prosody : ejabberd;
        try (PrintStream log = new PrintStream(Files.newOutputStream(Path.of("target", "bench.log")), true,
                StandardCharsets.UTF_8)) {
            BenchTable table = new SideBySide(BenchSizes.fromSystemProperty(), dir, log).run(List.of(prosody, ejabberd),
                    logins, ejabberd);
            Files.writeString(Path.of("target", "bench-table.md"), table.render());
        }
    }
}
