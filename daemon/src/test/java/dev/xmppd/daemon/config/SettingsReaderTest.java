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

/** The config file a user writes: the reference is valid, and every mistake names its key, file and line. */
class SettingsReaderTest {

    @TempDir
    Path dir;

    private final SettingsReader reader = new SettingsReader(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
            Path.of("/home/alice"), 1000);

    private DaemonSettings read(String text) throws IOException {
        Path file = dir.resolve("xmppd.conf");
        Files.writeString(file, text);
        return reader.read(SettingsReader.load(Optional.of(file)));
    }

    @Test
    void referenceConfigIsValidAndGivesTheDefaults() {
        Path reference = Path.of("..", "conf", "xmppd.conf");
        DaemonSettings settings = reader.read(SettingsReader.load(Optional.of(reference)));
        assertThat(settings.accounts()).isEmpty();
        assertThat(settings.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/home/alice/.local/share/xmppd"));
        assertThat(settings.controlSocket()).isEqualTo(Path.of("/run/user/1000/xmppd/control.sock"));
        assertThat(settings.reconnect().minBackoff()).isPositive();
    }

    @Test
    void anAccountWithEveryKeyIsRead() throws IOException {
        DaemonSettings settings = read("""
                xmppd.data-dir = /srv/xmppd
                xmppd.accounts = [{
                  jid = "Alice@Example.ORG"
                  password-command = "pass show xmpp/alice"
                  host = 127.0.0.1
                  port = 5223
                  direct-tls = true
                  pin-sha256 = "ab:cd"
                  resource = bot
                  presence { show = dnd, status = "busy", priority = -5 }
                }]
                """);
        AccountSettings alice = settings.accounts().getFirst();
        assertThat(alice.jid()).isEqualTo("alice@example.org");
        assertThat(alice.password()).isEqualTo(new PasswordSource.Command("pass show xmpp/alice"));
        assertThat(alice.port()).hasValue(5223);
        assertThat(alice.directTls()).isTrue();
        assertThat(alice.resource()).hasValue("bot");
        assertThat(alice.presence()).isEqualTo(new PresenceSettings("dnd", "busy", -5));
        assertThat(alice.declared()).isTrue();
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/xmppd"));
    }

    @Test
    void anUnknownAccountKeyNamesTheKeyFileAndLine() {
        assertThatThrownBy(() -> read("""
                xmppd.accounts = [
                  { jid = "a@example.org", password-file = /x, passwrd = "secret" }
                ]
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.accounts[0].passwrd: unknown key")
                .hasMessageContaining("xmppd.conf: 2")
                .hasMessageNotContaining("secret");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> read("xmppd.accounts = [{ jid = \"not a jid@@\", password-file = /x }]"))
                .hasMessageContaining("xmppd.accounts[0].jid");
        assertThatThrownBy(() -> read("xmppd.accounts = [{ jid = \"a@b\" }]"))
                .hasMessageContaining("give exactly one of password-file, password-command, password-credential");
        assertThatThrownBy(() -> read("xmppd.accounts = [{ jid = \"a@b\", password-file = /x, port = 70000 }]"))
                .hasMessageContaining("xmppd.accounts[0].port: must be 1..65535, not 70000");
        assertThatThrownBy(() -> read("xmppd.log-format = yaml"))
                .hasMessageContaining("xmppd.log-format: must be text or json");
        assertThatThrownBy(() -> read("xmppd.reconnect { min-backoff = 10s, max-backoff = 1s }"))
                .hasMessageContaining("xmppd.reconnect.max-backoff");
        assertThatThrownBy(() -> read("""
                xmppd.accounts = [{ jid = "a@b", password-file = /x }, { jid = "A@b", password-file = /y }]
                """)).hasMessageContaining("declared twice");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> SettingsReader.load(Optional.of(dir.resolve("nope.conf"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.conf does not exist or is not readable");
    }

    @Test
    void brokenSyntaxNamesTheLine() {
        assertThatThrownBy(() -> read("xmppd {\n  log-format = text\n  accounts = [\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmppd.conf");
    }
}
