package dev.xmppd.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball, unpacked and run with nothing but a JDK (no Maven, no source tree, an environment holding
 * only PATH, HOME and JAVA_HOME): the daemon checks its config, starts, answers xmppctl, and stops on shutdown.
 */
class TarballIT {
    @TempDir
    Path dir;

    @Test
    void theTarballRunsWithOnlyAJdk() throws Exception {
        Path tarball = Path.of(System.getProperty("xmppd.tarball"));
        assertThat(run(Map.of(), "tar", "xzf", tarball.toString(), "-C", dir.toString()).exit()).isZero();
        Path home;
        try (var entries = Files.list(dir)) {
            home = entries.filter(p -> p.getFileName().toString().startsWith("xmppd-")).findFirst().orElseThrow();
        }
        for (String file : List.of("bin/xmppd", "bin/xmppctl", "bin/jdk.sh", "conf/xmppd.conf",
                "systemd/xmppd.service", "systemd/xmppd-user.service", "systemd/xmppd.sysusers",
                "systemd/xmppd.tmpfiles", "completion/xmppctl.bash", "README.md")) {
            assertThat(home.resolve(file)).as(file).isRegularFile();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("bin/xmppctl"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(home.resolve("completion/xmppctl.bash")))
                .contains("complete -F _complete_xmppctl").contains("console").contains("reload");
        try (var jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("xmppd-daemon-")).anyMatch(n -> n.startsWith("xmppd-cli-control-"));
        }

        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path socket = runtime.resolve("control.sock");
        Path config = Files.writeString(dir.resolve("xmppd.conf"), "xmppd { data-dir = \"" + dir.resolve("data")
                + "\"\ncontrol.socket = \"" + socket + "\" }\n");
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "HOME", dir.toString(),
                "XMPPD_CONTROL_SOCKET", socket.toString());

        Result check = run(env, home.resolve("bin/xmppd").toString(), "--config", config.toString(), "--check-config");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("configuration is valid");
        Result notRunning = run(env, home.resolve("bin/xmppctl").toString(), "status");
        assertThat(notRunning.exit()).as(notRunning.output()).isEqualTo(3);

        Process daemon = start(env, dir.resolve("xmppd.out"), home.resolve("bin/xmppd").toString(), "--config",
                config.toString());
        try {
            Result status = null;
            for (int i = 0; i < 100 && (status == null || status.exit() != 0); i++) {
                assertThat(daemon.isAlive()).as(Files.readString(dir.resolve("xmppd.out"))).isTrue();
                status = run(env, home.resolve("bin/xmppctl").toString(), "status");
                if (status.exit() != 0) {
                    daemon.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
            assertThat(status.output()).contains("no accounts");
            // The second run uses the class-data archive the first one wrote.
            assertThat(dir.resolve(".cache/xmppd")).isDirectoryContaining("glob:**.jsa");
            Result shutdown = run(env, home.resolve("bin/xmppctl").toString(), "shutdown");
            assertThat(shutdown.exit()).as(shutdown.output()).isZero();
            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.exitValue()).isZero();
        } finally {
            daemon.destroyForcibly();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Process start(Map<String, String> env, Path output, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        return builder.start();
    }

    private Result run(Map<String, String> env, String... command) throws Exception {
        Path output = Files.createTempFile(dir, "out", ".txt");
        Process process = start(env, output, new ArrayList<>(List.of(command)).toArray(String[]::new));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
