package dev.xmppd.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xmppd.cluster}: off by default, every key read, PostgreSQL required, mistakes named with key, file and line. */
class ClusterSettingsReaderTest {
    private static final String POSTGRESQL = "xmppd.store { type = postgresql, url = \"jdbc:postgresql://db/x\" }\n";

    @TempDir
    Path dir;

    private final SettingsReader reader = new SettingsReader(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
            Path.of("/home/alice"), 1000);

    private ClusterSettings read(String text) throws IOException {
        Path file = dir.resolve("xmppd.conf");
        Files.writeString(file, text);
        return reader.read(SettingsReader.load(Optional.of(file))).cluster();
    }

    @Test
    void theReferenceConfigAndNoConfigHaveNoCluster() throws IOException {
        assertThat(reader.read(SettingsReader.load(Optional.of(Path.of("..", "conf", "xmppd.conf")))).cluster())
                .isEqualTo(ClusterSettings.OFF);
        assertThat(reader.read(SettingsReader.load(Optional.empty())).cluster()).isEqualTo(ClusterSettings.OFF);
        assertThat(read("xmppd.cluster.enabled = false\n")).isEqualTo(ClusterSettings.OFF);
    }

    @Test
    void everyKeyIsRead() throws IOException {
        ClusterSettings cluster = read(POSTGRESQL + """
                xmppd.cluster {
                  enabled = true
                  host = "10.0.0.2"
                  port = 2600
                  seed-nodes = ["10.0.0.1:2600", "10.0.0.2:2600"]
                  min-members = 2
                  stable-after = 5s
                  placement-interval = 3s
                  shards = 30
                }
                """);
        assertThat(cluster).isEqualTo(new ClusterSettings(true, "10.0.0.2", 2600,
                List.of("10.0.0.1:2600", "10.0.0.2:2600"), "10.0.0.2:2600", 2, Duration.ofSeconds(5),
                Duration.ofSeconds(3), 30));
        assertThat(read(POSTGRESQL + "xmppd.cluster { enabled = true, seed-nodes = [\"a:1\"], node-name = n1 }")
                .nodeName()).isEqualTo("n1");
    }

    @Test
    void mistakesNameTheKeyAndTheLine() {
        assertThatThrownBy(() -> read("xmppd.cluster {\n  enabled = true\n  seed-nodes = [\"a:1\"]\n}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.cluster.enabled").hasMessageContaining("store.type = postgresql")
                .hasMessageContaining("xmppd.conf: 2");
        assertThatThrownBy(() -> read(POSTGRESQL + "xmppd.cluster {\n  enabled = true\n}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xmppd.cluster.seed-nodes");
        assertThatThrownBy(() -> read(POSTGRESQL + "xmppd.cluster {\n enabled = true\n seed-nodes = [\"a\"]\n}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("host:port").hasMessageContaining(": 4");
        assertThatThrownBy(() -> read(POSTGRESQL + "xmppd.cluster {\n  seeds = []\n}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xmppd.cluster.seeds: unknown key")
                .hasMessageContaining(": 3");
        assertThatThrownBy(() -> read(POSTGRESQL + "xmppd.cluster { enabled = true, seed-nodes = [\"a:1\"],"
                + " port = 70000 }")).isInstanceOf(ConfigException.class).hasMessageContaining("xmppd.cluster.port");
        assertThatThrownBy(() -> read(POSTGRESQL + "xmppd.cluster { enabled = true, seed-nodes = [\"a:1\"],"
                + " stable-after = 0s }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.cluster.stable-after");
    }
}
