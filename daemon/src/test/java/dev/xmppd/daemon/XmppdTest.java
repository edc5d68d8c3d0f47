package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@code bin/xmppd}: usage errors, --check-config, and a config that stops the start. */
class XmppdTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Xmppd.run(List.of(args), Map.of("XDG_RUNTIME_DIR", dir.toString()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkConfigAcceptsTheReferenceConfig() {
        assertThat(run("--config", Path.of("..", "conf", "xmppd.conf").toString(), "--check-config")).isZero();
        assertThat(err()).contains("configuration is valid").contains(dir.resolve("xmppd/control.sock").toString());
    }

    @Test
    void checkConfigRejectsABadConfigWithTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.conf"), "xmppd.accounts = [{ jid = \"a@b\", port = 1 }]\n");
        assertThat(run("--config=" + config, "--check-config")).isEqualTo(Xmppd.EXIT_CONFIG);
        assertThat(err()).startsWith("xmppd: xmppd.accounts[0]").contains("bad.conf: 1").doesNotContain("Exception");
    }

    @Test
    void unknownArgumentsAreUsageErrors() {
        assertThat(run("--frobnicate")).isEqualTo(Xmppd.EXIT_USAGE);
        assertThat(err()).contains("unknown argument '--frobnicate'").contains("usage: xmppd");
        assertThat(run("--config")).isEqualTo(Xmppd.EXIT_USAGE);
    }

    @Test
    void aWorldWritableSocketDirectoryStopsTheStart() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("open"));
        Path socketDir = Files.createDirectories(runtime.resolve("xmppd"));
        Files.setPosixFilePermissions(socketDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = Files.writeString(dir.resolve("x.conf"), "xmppd.data-dir = \"" + dir.resolve("data")
                + "\"\nxmppd.control.socket = \"" + socketDir.resolve("control.sock") + "\"\n");
        assertThat(run("--config", config.toString())).isEqualTo(Xmppd.EXIT_CONFIG);
        assertThat(err()).contains(socketDir.toString());
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
