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

/**
 * bin/xmppd with a database it cannot use: one clear line naming the file (or the PostgreSQL URL), an exit code, the
 * file untouched.
 */
class DatabaseStartTest {

    @TempDir
    Path dir;

    @Test
    void aDamagedDatabaseStopsTheStartWithItsFileAndWhatToDoAndIsNotReplaced() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path database = data.resolve("xmppd.mv.db");
        byte[] garbage = "not a database\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        Files.write(database, garbage);
        Path config = dir.resolve("xmppd.conf");
        Files.writeString(config, "xmppd.data-dir = \"" + data + "\"\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Xmppd.run(List.of("--config", config.toString()), Map.of("XDG_RUNTIME_DIR", dir.toString()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(Xmppd.EXIT_DATABASE);
        assertThat(message).startsWith("xmppd: the database " + database).contains("restore it from a backup")
                .contains("move it away");
        assertThat(message.strip().lines()).hasSize(1);
        assertThat(Files.readAllBytes(database)).isEqualTo(garbage);
        assertThat(dir.resolve("xmppd").resolve("control.sock")).doesNotExist();
    }

    @Test
    void aDatabaseInUseByARunningXmppdStopsASecondStartNamingTheFile() throws Exception {
        Path data = dir.resolve("data");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path first = Files.writeString(dir.resolve("first.conf"), "xmppd { data-dir = \"" + data
                + "\", control.socket = \"" + run.resolve("first.sock") + "\" }\n");
        Path second = Files.writeString(dir.resolve("second.conf"), "xmppd { data-dir = \"" + data
                + "\", control.socket = \"" + run.resolve("second.sock") + "\" }\n");
        try (DaemonProcess running = DaemonProcess.start(first, run.resolve("first.sock"), dir.resolve("first.out"),
                Map.of())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int exit = Xmppd.run(List.of("--config", second.toString()), Map.of("XDG_RUNTIME_DIR", dir.toString()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(message).isEqualTo(Xmppd.EXIT_DATABASE);
            assertThat(message).startsWith("xmppd: the database " + data.resolve("xmppd.mv.db"))
                    .contains("in use by another process");
            assertThat(message.strip().lines()).hasSize(1);
            assertThat(run.resolve("second.sock")).doesNotExist();
            assertThat(running.call("status", Map.of()).has("accounts")).as("the first xmppd serves on").isTrue();
        }
    }

    @Test
    void aPostgresqlStoreThatRefusesTheLoginStopsTheStartNamingTheUrlButNotThePassword() throws Exception {
        dev.xmppd.daemon.config.StoreSettings.Postgresql store = SharedPostgres.freshStore(dir.resolve("postgresql"));
        Path wrong = Files.writeString(dir.resolve("wrong.password"), "wrong-password-31337\n");
        Path config = dir.resolve("xmppd.conf");
        Files.writeString(config, "xmppd.data-dir = \"" + dir.resolve("data") + "\"\n"
                + "xmppd.store { type = postgresql, url = \"" + store.url() + "\", user = xmppd, password-file = \""
                + wrong + "\" }\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Xmppd.run(List.of("--config", config.toString()), Map.of("XDG_RUNTIME_DIR", dir.toString()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(Xmppd.EXIT_DATABASE);
        assertThat(message).startsWith("xmppd: cannot use the PostgreSQL database " + store.url() + " as xmppd: ")
                .contains("password authentication failed").doesNotContain("31337");
        assertThat(message.strip().lines()).hasSize(1);
        assertThat(dir.resolve("data").resolve("xmppd.mv.db")).doesNotExist();
        assertThat(dir.resolve("xmppd").resolve("control.sock")).doesNotExist();
    }
}
