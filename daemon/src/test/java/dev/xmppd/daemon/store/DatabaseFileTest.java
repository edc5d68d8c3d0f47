package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file at start: a damaged or locked file is reported with its name and never replaced. */
class DatabaseFileTest {

    @TempDir
    Path dataDir;

    @Test
    void aDamagedDatabaseIsReportedWithItsFileAndNeverReplaced() throws Exception {
        Path prefix = dataDir.resolve("damaged");
        Path file = dataDir.resolve("damaged.mv.db");
        byte[] garbage = "this is not an H2 database, just some bytes\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);
        assertThatThrownBy(() -> DatabaseFile.check(prefix)).isInstanceOf(DatabaseFile.Unavailable.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("restore it from a backup");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void aDatabaseLockedByAnotherProcessIsReportedAsInUse() throws Exception {
        Path prefix = dataDir.resolve("locked");
        DatabaseFile.check(prefix);
        Path file = DatabaseFile.file(prefix);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            assertThatThrownBy(() -> DatabaseFile.check(prefix)).isInstanceOf(DatabaseFile.Unavailable.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("in use by another process");
        }
        DatabaseFile.check(prefix);
    }
}
