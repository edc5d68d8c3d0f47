package dev.xmppd.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xmppd.store}: H2 by default, PostgreSQL with each key, and mistakes named with key, file and line. */
class StoreSettingsReaderTest {

    @TempDir
    Path dir;

    private final SettingsReader reader = new SettingsReader(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
            Path.of("/home/alice"), 1000);

    private StoreSettings read(String text) throws IOException {
        Path file = dir.resolve("xmppd.conf");
        Files.writeString(file, text);
        return reader.read(SettingsReader.load(Optional.of(file))).store();
    }

    @Test
    void theReferenceConfigAndNoConfigAreH2() throws IOException {
        assertThat(reader.read(SettingsReader.load(Optional.of(Path.of("..", "conf", "xmppd.conf")))).store())
                .isEqualTo(StoreSettings.H2);
        assertThat(reader.read(SettingsReader.load(Optional.empty())).store()).isEqualTo(StoreSettings.H2);
        assertThat(read("xmppd.store.type = h2\n")).isEqualTo(StoreSettings.H2);
    }

    @Test
    void everyPostgresqlKeyIsRead() throws IOException {
        assertThat(read("""
                xmppd.store {
                  type = postgresql
                  url = "jdbc:postgresql://db.example.org:5432/xmppd?sslmode=verify-full"
                  user = xmppd
                  password-file = /etc/xmppd/db.password
                  pool-size = 8
                }
                """)).isEqualTo(new StoreSettings.Postgresql("jdbc:postgresql://db.example.org:5432/xmppd?sslmode=verify-full",
                Optional.of("xmppd"), Optional.of(new PasswordSource.File(Path.of("/etc/xmppd/db.password"))), 8));
        StoreSettings.Postgresql command = (StoreSettings.Postgresql) read("""
                xmppd.store { type = postgresql, url = "jdbc:postgresql:xmppd", password-command = "pass show db" }
                """);
        assertThat(command.password()).contains(new PasswordSource.Command("pass show db"));
        assertThat(command.user()).isEmpty();
        assertThat(command.poolSize()).isEqualTo(4);
        assertThat(command.describe()).isEqualTo("jdbc:postgresql:xmppd");
    }

    @Test
    void mistakesNameTheKeyAndTheLine() {
        assertThatThrownBy(() -> read("xmppd.store {\n  type = mysql\n}\n")).isInstanceOf(ConfigException.class)
                .hasMessage("xmppd.store.type: must be h2 or postgresql, not 'mysql' (" + dir.resolve("xmppd.conf")
                        + ": 2)");
        assertThatThrownBy(() -> read("xmppd.store.type = postgresql\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.store.type: is postgresql but xmppd.store.url is not set")
                .hasMessageContaining("xmppd.conf: 1");
        assertThatThrownBy(() -> read("xmppd.store {\n type = postgresql\n url = \"jdbc:h2:/x?password=p\"\n}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.store.url: must start with jdbc:postgresql:, not 'jdbc:h2:/x'")
                .hasMessageContaining("xmppd.conf: 3");
        assertThatThrownBy(() -> read("xmppd.store { type = postgresql, url = \"jdbc:postgresql:x\", pool-size = 1 }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xmppd.store.pool-size: must be 2..100, not 1");
        assertThatThrownBy(() -> read("xmppd.store { type = postgresql, url = \"jdbc:postgresql:x\","
                + " password-file = /a, password-command = b }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.store: give at most one of password-file, password-command");
        assertThatThrownBy(() -> read("xmppd.store {\n  url = \"jdbc:postgresql:x\"\n}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.store.url: is only read with type = postgresql")
                .hasMessageContaining("xmppd.conf: 2");
        assertThatThrownBy(() -> read("xmppd.store.passwd-file = /x\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.store.passwd-file: unknown key").hasMessageContaining("xmppd.conf: 1");
    }
}
