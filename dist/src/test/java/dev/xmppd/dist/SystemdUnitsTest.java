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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd-analyze verify} on the units in systemd/. It checks that ExecStart= exists, so the system unit is
 * verified in a throw-away root holding the tarball's install layout (/opt/xmppd/bin/xmppd) and the distribution's
 * targets (sysinit.target and friends); the user unit, which cannot take a root, with $HOME pointing at one.
 */
class SystemdUnitsTest {
    private static final Path UNITS = Path.of("..", "systemd");

    @TempDir
    Path dir;

    @Test
    void theSystemUnitVerifies() throws Exception {
        Path root = dir.resolve("root");
        executable(root.resolve("opt/xmppd/bin/xmppd"));
        executable(root.resolve("bin/kill"));
        copyTargets(Path.of("/usr/lib/systemd/system"), root.resolve("usr/lib/systemd/system"));
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.copy(UNITS.resolve("xmppd.service"), root.resolve("etc/systemd/system/xmppd.service"));

        Result result = run(Map.of(), "systemd-analyze", "verify", "--man=no", "--root=" + root, "xmppd.service");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEmpty();
    }

    @Test
    void theUserUnitVerifies() throws Exception {
        Path home = dir.resolve("home");
        executable(home.resolve(".local/opt/xmppd/bin/xmppd"));
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));

        Result result = run(Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", runtime.toString()),
                "systemd-analyze", "verify", "--user", "--man=no",
                UNITS.resolve("xmppd-user.service").toAbsolutePath().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEmpty();
    }

    @Test
    void theSystemUnitIsHardenedWithoutBreakingTheJvm() throws IOException {
        String unit = Files.readString(UNITS.resolve("xmppd.service"));
        assertThat(unit).contains("Type=notify", "WatchdogSec=", "User=xmppd", "StateDirectory=xmppd",
                "RuntimeDirectory=xmppd", "ConfigurationDirectory=xmppd", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6");
        // The JIT needs writable+executable memory.
        assertThat(unit.lines().filter(l -> l.startsWith("MemoryDenyWriteExecute"))).isEmpty();
        assertThat(Files.readString(UNITS.resolve("xmppd.sysusers"))).startsWith("#").contains("\nu xmppd ");
    }

    private static void executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The distribution's targets (sysinit.target, basic.target, ...): what default dependencies need. */
    private static void copyTargets(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path source : files.filter(f -> f.toString().endsWith(".target") && Files.isRegularFile(f)
                    && !Files.isSymbolicLink(f)).toList()) {
                Files.copy(source, to.resolve(source.getFileName().toString()));
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();
        return new Result(process.exitValue(), output.strip());
    }
}
