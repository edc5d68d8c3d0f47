package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same order as the daemon's ControlSocketPath, with --socket and XMPPD_CONTROL_SOCKET in front. */
class ControlSocketPathTest {
    private static final Map<String, String> SESSION = Map.of("XDG_RUNTIME_DIR", "/run/user/1000");

    @Test
    void socketOptionWinsOverEverything() {
        Map<String, String> env = Map.of(ControlSocketPath.ENV, "/srv/env.sock", "XDG_RUNTIME_DIR", "/run/user/1000");
        assertThat(ControlSocketPath.resolve(Optional.of(Path.of("/srv/option.sock")), env, () -> 1000))
                .isEqualTo(Path.of("/srv/option.sock"));
    }

    @Test
    void environmentVariableWinsOverTheDefaults() {
        Map<String, String> env = Map.of(ControlSocketPath.ENV, "/srv/env.sock", "XDG_RUNTIME_DIR", "/run/user/1000");
        assertThat(ControlSocketPath.resolve(Optional.empty(), env, () -> 0)).isEqualTo(Path.of("/srv/env.sock"));
    }

    @Test
    void blankEnvironmentVariableIsIgnored() {
        Map<String, String> env = Map.of(ControlSocketPath.ENV, " ", "XDG_RUNTIME_DIR", "/run/user/1000");
        assertThat(ControlSocketPath.resolve(Optional.empty(), env, () -> 1000))
                .isEqualTo(Path.of("/run/user/1000/xmppd/control.sock"));
    }

    @Test
    void userSessionUsesTheRuntimeDirectoryEvenAsRoot() {
        assertThat(ControlSocketPath.resolve(Optional.empty(), SESSION, () -> 1000))
                .isEqualTo(Path.of("/run/user/1000/xmppd/control.sock"));
        assertThat(ControlSocketPath.resolve(Optional.empty(), SESSION, () -> 0))
                .isEqualTo(Path.of("/run/user/1000/xmppd/control.sock"));
    }

    @Test
    void relativeRuntimeDirectoryIsIgnored() {
        assertThat(ControlSocketPath.resolve(Optional.empty(), Map.of("XDG_RUNTIME_DIR", "run/user"), () -> 1000))
                .isEqualTo(Path.of("/tmp/xmppd-1000/control.sock"));
    }

    @Test
    void rootWithoutSessionUsesTheSystemServiceSocket() {
        assertThat(ControlSocketPath.resolve(Optional.empty(), Map.of(), () -> 0))
                .isEqualTo(Path.of("/run/xmppd/control.sock"));
    }

    @Test
    void userWithoutSessionUsesAPerUserDirectoryInTmp() {
        assertThat(ControlSocketPath.resolve(Optional.empty(), Map.of(), () -> 1234))
                .isEqualTo(Path.of("/tmp/xmppd-1234/control.sock"));
    }

    @Test
    void currentUidOwnsTheFilesWeCreate(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("mine"));
        assertThat(ControlSocketPath.currentUid()).isEqualTo(Files.getAttribute(file, "unix:uid"));
    }
}
