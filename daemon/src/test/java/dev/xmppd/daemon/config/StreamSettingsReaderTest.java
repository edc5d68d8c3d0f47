package dev.xmppd.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.ext.csi.ClientState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xmppd.stream}: the documented defaults, each key, and mistakes named with key, file and line. */
class StreamSettingsReaderTest {

    @TempDir
    Path dir;

    private final SettingsReader reader = new SettingsReader(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
            Path.of("/home/alice"), 1000);

    private StreamSettings read(String text) throws IOException {
        Path file = dir.resolve("xmppd.conf");
        Files.writeString(file, text);
        return reader.read(SettingsReader.load(Optional.of(file))).stream();
    }

    @Test
    void theReferenceConfigIsAnInactiveClientThatResumesAfterARestart() {
        StreamSettings stream = reader.read(SettingsReader.load(Optional.of(Path.of("..", "conf", "xmppd.conf"))))
                .stream();
        assertThat(stream).isEqualTo(StreamSettings.DEFAULTS);
        assertThat(stream.clientState()).isEqualTo(ClientState.INACTIVE);
        assertThat(stream.resumeAfterRestart()).isFalse();
        assertThat(stream.probeAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void everyKeyIsRead() throws IOException {
        StreamSettings stream = read("""
                xmppd.stream { ack-every = 5, ack-delay = 1s, probe-after = 30s, probe-timeout = 5s
                  resume-after-restart = true, client-state = ACTIVE }
                """);
        assertThat(stream).isEqualTo(new StreamSettings(5, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(5), true, ClientState.ACTIVE));
    }

    @Test
    void mistakesNameTheKeyAndTheLine() {
        assertThatThrownBy(() -> read("xmppd.stream {\n  client-state = away\n}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.stream.client-state").hasMessageContaining("active or inactive")
                .hasMessageContaining("xmppd.conf: 2");
        assertThatThrownBy(() -> read("xmppd.stream.probe-timeout = 0s")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.stream.probe-timeout").hasMessageContaining("positive");
        assertThatThrownBy(() -> read("xmppd.stream.ack-every = 0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.stream.ack-every");
        assertThatThrownBy(() -> read("xmppd.stream.probe-afterr = 10s")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.stream.probe-afterr").hasMessageContaining("unknown key");
    }
}
