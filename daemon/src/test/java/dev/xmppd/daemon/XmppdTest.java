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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * Each broken config ({@code |} for a line break; {@code =>} then the expected error) gives exactly one line on stderr naming the key and
     * the file and line ({@code FILE} stands for the config's path), and exit code 78; never a stack trace.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            xmppd.log-formt = json => xmppd.log-formt: unknown key; expected KNOWN (FILE: 1)
            xmppd.control.sockt = /x => xmppd.control.sockt: unknown key; expected socket (FILE: 1)
            xmppd.reconnect { min-backof = 1s } => xmppd.reconnect.min-backof: unknown key; expected max-backoff, min-backoff, parallel-logins (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x, passwrd = x }] => xmppd.accounts[0].passwrd: unknown key; expected [direct-tls, enabled, host, jid, password-command, password-credential, password-file, pin-sha256, port, presence, resource, trusted-cert] (FILE: 1)
            xmppd.accounts = [{ password-file = /x }] => xmppd.accounts[0].jid: missing (FILE: 1)
            xmppd.accounts = [{ jid = "a@b/phone", password-file = /x }] => xmppd.accounts[0].jid: must be a bare JID like alice@example.org, not 'a@b/phone' (FILE: 1)
            xmppd.accounts = [{ jid = "example.org", password-file = /x }] => xmppd.accounts[0].jid: must be a bare JID like alice@example.org, not 'example.org' (FILE: 1)
            xmppd.accounts = [{ jid = "a@b" }] => xmppd.accounts[0]: give exactly one of password-file, password-command, password-credential (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x, password-command = "pass x" }] => xmppd.accounts[0]: give exactly one of password-file, password-command, password-credential (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x, port = 70000 }] => xmppd.accounts[0].port: must be 1..65535, not 70000 (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x, port = 0 }] => xmppd.accounts[0].port: must be 1..65535, not 0 (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x, trusted-cert = /c.pem, pin-sha256 = ab }] => xmppd.accounts[0].pin-sha256: give trusted-cert or pin-sha256, not both (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x, presence { show = busy } }] => xmppd.accounts[0].presence.show: must be away, chat, dnd or xa (or empty), not 'busy' (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x, presence { priority = 200 } }] => xmppd.accounts[0].presence.priority: must be -128..127, not 200 (FILE: 1)
            xmppd.accounts = [{ jid = "a@b", password-file = /x }|{ jid = "A@b", password-file = /y }] => xmppd.accounts[1].jid: account a@b is declared twice (FILE: 2)
            xmppd.accounts = [ "a@b" ] => xmppd.accounts[0]: must be an object { jid = ..., password-file = ... } (FILE: 1)
            xmppd.log-format = yaml => xmppd.log-format: must be text or json, not 'yaml' (FILE: 1)
            xmppd.reconnect { min-backoff = 10s, max-backoff = 1s } => xmppd.reconnect.max-backoff: must be at least min-backoff (PT10S) (FILE: 1)
            xmppd.reconnect.min-backoff = 0s => xmppd.reconnect.min-backoff: must be positive (FILE: 1)
            xmppd.reconnect.parallel-logins = 0 => xmppd.reconnect.parallel-logins: must be at least 1 (FILE: 1)
            """)
    void anInvalidConfigIsOneLineNamingKeyFileAndLine(String config, String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("xmppd.conf"), config.replace('|', '\n') + "\n");
        assertThat(run("--config", file.toString(), "--check-config")).as(err()).isEqualTo(Xmppd.EXIT_CONFIG);
        assertThat(err()).isEqualTo("xmppd: " + expected.replace("FILE", file.toString()).replace("KNOWN", known())
                + "\n");
    }

    /** The keys reference.conf has under xmppd, and data-dir (no default): other helpers' subtrees come and go. */
    private static String known() {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(com.typesafe.config.ConfigFactory.defaultReference()
                .getConfig("xmppd").root().keySet());
        keys.add("data-dir");
        return String.join(", ", keys);
    }

    @Test
    void logFormatFromTheCommandLineAndJournald() {
        assertThat(run("--log-format", "yaml")).isEqualTo(Xmppd.EXIT_USAGE);
        assertThat(err()).contains("--log-format must be text or json, not 'yaml'");
        assertThat(Xmppd.Options.parse(List.of("--log-format=json"), Map.of()).logFormat())
                .contains(dev.xmppd.daemon.config.LogFormat.JSON);
        assertThat(Xmppd.logAppender(dev.xmppd.daemon.config.LogFormat.TEXT, Map.of())).isEqualTo("text");
        // systemd sets JOURNAL_STREAM when stderr goes to the journal, which has its own timestamps.
        assertThat(Xmppd.logAppender(dev.xmppd.daemon.config.LogFormat.TEXT, Map.of("JOURNAL_STREAM", "8:1234")))
                .isEqualTo("journal");
        assertThat(Xmppd.logAppender(dev.xmppd.daemon.config.LogFormat.JSON, Map.of("JOURNAL_STREAM", "8:1234")))
                .isEqualTo("json");
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
