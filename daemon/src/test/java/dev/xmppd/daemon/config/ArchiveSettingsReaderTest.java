package dev.xmppd.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xmppd.archive}: defaults, each first-sync policy, rooms, and mistakes named with key, file and line. */
class ArchiveSettingsReaderTest {

    @TempDir
    Path dir;

    private final SettingsReader reader = new SettingsReader(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
            Path.of("/home/alice"), 1000);

    private ArchiveSettings read(String text) throws IOException {
        Path file = dir.resolve("xmppd.conf");
        Files.writeString(file, text);
        return reader.read(SettingsReader.load(Optional.of(file))).archive();
    }

    @Test
    void theReferenceConfigFetchesWholeArchivesWithTheLargestPageAServerAllows() {
        ArchiveSettings archive = reader.read(SettingsReader.load(Optional.of(Path.of("..", "conf", "xmppd.conf"))))
                .archive();
        assertThat(archive).isEqualTo(ArchiveSettings.DEFAULTS);
        assertThat(archive.firstSync()).isInstanceOf(ArchiveSettings.FirstSync.All.class);
        assertThat(archive.pageSize()).isEqualTo(250);
    }

    @Test
    void firstSyncSinceADateOrTheLastMessagesAndRoomsAreRead() throws IOException {
        ArchiveSettings since = read("""
                xmppd.archive { first-sync = since, since = "2024-03-01", page-size = 100
                  rooms = [{ account = "Alice@Example.org", room = "Lounge@Conference.Example.org", nick = "al" }] }
                """);
        assertThat(since.firstSync()).isEqualTo(new ArchiveSettings.FirstSync.Since(Instant.parse("2024-03-01T00:00:00Z")));
        assertThat(since.pageSize()).isEqualTo(100);
        assertThat(since.roomsOf("alice@example.org")).containsExactly(new ArchiveSettings.Room("alice@example.org",
                "lounge@conference.example.org", Optional.of("al"), Optional.empty()));
        assertThat(read("xmppd.archive { first-sync = last, last = 1000 }").firstSync())
                .isEqualTo(new ArchiveSettings.FirstSync.Last(1000));
    }

    @Test
    void mistakesNameTheKeyAndTheLine() {
        assertThatThrownBy(() -> read("xmppd.archive {\n  first-sync = newest\n}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.archive.first-sync").hasMessageContaining("all, since or last")
                .hasMessageContaining("xmppd.conf: 2");
        assertThatThrownBy(() -> read("xmppd.archive.first-sync = since")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.archive.since is not set");
        assertThatThrownBy(() -> read("xmppd.archive.pagesize = 10")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.archive.pagesize: unknown key");
        assertThatThrownBy(() -> read("xmppd.archive.rooms = [{ account = \"alice@example.org\", room = \"x@y/z\" }]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xmppd.archive.rooms[0].room");
    }
}
