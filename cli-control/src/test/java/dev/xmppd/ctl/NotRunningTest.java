package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No daemon: exit 3 and one line that says where xmppctl looked and how to start xmppd. */
class NotRunningTest {
    @TempDir
    Path dir;

    @Test
    void missingSocketSaysNotRunning() {
        Path socket = dir.resolve("nowhere/control.sock");

        Cli.Run run = Cli.run(Cli.env(socket), "status");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_NOT_RUNNING);
        assertThat(run.err()).isEqualTo("xmppctl: xmppd is not running (no control socket at " + socket
                + "); start it with bin/xmppd\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void socketLeftByADeadDaemonSaysNotRunning() throws IOException {
        Path socket = dir.resolve("control.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).isTrue();

        Cli.Run run = Cli.run(Cli.env(socket), "account", "list");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_NOT_RUNNING);
        assertThat(run.err()).isEqualTo("xmppctl: xmppd is not running (no control socket at " + socket
                + "); start it with bin/xmppd\n");
    }

    @Test
    void socketOptionWinsOverTheEnvironment() {
        Path fromEnv = dir.resolve("env.sock");
        Path fromOption = dir.resolve("option.sock");

        Cli.Run run = Cli.run(Cli.env(fromEnv), "status", "--socket", fromOption.toString());

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_NOT_RUNNING);
        assertThat(run.err()).contains("no control socket at " + fromOption + ")");
    }

    @Test
    void socketOptionBeforeTheCommandHoldsForIt() {
        Path fromOption = dir.resolve("option.sock");

        Cli.Run run = Cli.run(Cli.env(dir.resolve("env.sock")), "--socket", fromOption.toString(), "roster",
                "a@example.org");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_NOT_RUNNING);
        assertThat(run.err()).contains("no control socket at " + fromOption + ")");
    }

    @Test
    void withoutOptionOrVariableTheRuntimeDirectoryIsUsed() {
        Environment env = new Environment(Map.of("XDG_RUNTIME_DIR", dir.toString()), () -> 1000,
                Cli.env(dir).stdin(), Optional.empty(), Environment.DEFAULT_TIMEOUT);

        Cli.Run run = Cli.run(env, "status");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_NOT_RUNNING);
        assertThat(run.err()).contains("no control socket at " + dir.resolve("xmppd/control.sock") + ")");
    }
}
