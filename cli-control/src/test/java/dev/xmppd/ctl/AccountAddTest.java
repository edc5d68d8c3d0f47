package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code account add}: where the password comes from, the options it sends, and that no password is printed. */
class AccountAddTest {
    private static final String SECRET = "s3cret pass";
    private static final String ADDED = """
            {"jid":"alice@example.org","enabled":true,"declared":false,"directTls":false,"password":"stored"}
            """;

    @TempDir
    Path dir;

    private ScriptedDaemon daemon;
    private Environment env;

    @BeforeEach
    void start() throws IOException {
        daemon = ScriptedDaemon.start(dir).result(Json.MAPPER.readTree(ADDED));
        env = Cli.env(daemon.socket());
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    private static JsonNode call(String params) throws IOException {
        return Json.MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"account.add\",\"params\":" + params + "}");
    }

    private static void assertNoSecretPrinted(Cli.Run run) {
        assertThat(run.out()).doesNotContain(SECRET);
        assertThat(run.err()).doesNotContain(SECRET);
    }

    @Test
    void passwordStdinSendsTheFirstLine() throws Exception {
        Cli.Run run = Cli.run(Cli.withStdin(env, SECRET + "\r\nsecond line\n"), "account", "add", "alice@example.org",
                "--password-stdin");

        assertThat(daemon.request()).isEqualTo(call("{\"jid\":\"alice@example.org\",\"password\":\"" + SECRET + "\"}"));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("added alice@example.org (password: stored); see 'xmppctl status' for its "
                + "connection\n");
        assertNoSecretPrinted(run);
    }

    @Test
    void withoutOptionAndWithoutTerminalTheFirstLineOfStdinIsThePassword() throws Exception {
        Cli.Run run = Cli.run(Cli.withStdin(env, SECRET + "\n"), "account", "add", "alice@example.org");

        assertThat(daemon.request()).isEqualTo(call("{\"jid\":\"alice@example.org\",\"password\":\"" + SECRET + "\"}"));
        assertThat(run.exit()).isZero();
    }

    @Test
    void withoutOptionOnATerminalThePasswordIsAskedFor() throws Exception {
        List<String> prompts = new ArrayList<>();
        Environment terminal = Cli.withTerminal(Cli.withStdin(env, "not this\n"), prompt -> {
            prompts.add(prompt);
            return Optional.of(SECRET);
        });

        Cli.Run run = Cli.run(terminal, "account", "add", "alice@example.org");

        assertThat(prompts).containsExactly("Password for alice@example.org: ");
        assertThat(daemon.request()).isEqualTo(call("{\"jid\":\"alice@example.org\",\"password\":\"" + SECRET + "\"}"));
        assertThat(run.exit()).isZero();
        assertNoSecretPrinted(run);
    }

    @Test
    void passwordStdinReadsStdinEvenOnATerminal() throws Exception {
        Environment terminal = Cli.withTerminal(Cli.withStdin(env, SECRET + "\n"), prompt -> {
            throw new AssertionError("asked for the password although --password-stdin was given");
        });

        Cli.Run run = Cli.run(terminal, "account", "add", "alice@example.org", "--password-stdin");

        assertThat(daemon.request().at("/params/password").asText()).isEqualTo(SECRET);
        assertThat(run.exit()).isZero();
    }

    @Test
    void emptyStdinIsAnErrorAndNothingIsSent() {
        Cli.Run run = Cli.run(Cli.withStdin(env, ""), "account", "add", "alice@example.org", "--password-stdin");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: no password given for alice@example.org; type it, pipe it to "
                + "--password-stdin, or use --password-file F or --password-command CMD\n");
        assertThat(daemon.noRequest()).isTrue();
    }

    @Test
    void emptyAnswerAtThePromptIsAnError() {
        Environment terminal = Cli.withTerminal(env, prompt -> Optional.empty());

        Cli.Run run = Cli.run(terminal, "account", "add", "alice@example.org");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).startsWith("xmppctl: no password given for alice@example.org;");
        assertThat(daemon.noRequest()).isTrue();
    }

    @Test
    void passwordFileIsSentAsAnAbsolutePathForTheDaemonToRead() throws Exception {
        Path file = Files.writeString(dir.resolve("alice.pw"), SECRET + "\n");
        Path relative = Path.of("").toAbsolutePath().relativize(file);

        Cli.Run run = Cli.run(env, "account", "add", "alice@example.org", "--password-file", relative.toString());

        assertThat(daemon.request()).isEqualTo(call("{\"jid\":\"alice@example.org\",\"passwordFile\":\""
                + file.toAbsolutePath().normalize() + "\"}"));
        assertThat(run.exit()).isZero();
        assertNoSecretPrinted(run);
    }

    @Test
    void unreadablePasswordFileIsAnErrorAndNothingIsSent() {
        Path missing = dir.resolve("missing.pw");

        Cli.Run run = Cli.run(env, "account", "add", "alice@example.org", "--password-file", missing.toString());

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: cannot read the password file " + missing + "\n");
        assertThat(daemon.noRequest()).isTrue();
    }

    @Test
    void passwordCommandIsSentForTheDaemonToRun() throws Exception {
        Cli.Run run = Cli.run(env, "account", "add", "alice@example.org", "--password-command", "pass show xmpp/alice");

        assertThat(daemon.request()).isEqualTo(call(
                "{\"jid\":\"alice@example.org\",\"passwordCommand\":\"pass show xmpp/alice\"}"));
        assertThat(run.exit()).isZero();
    }

    @Test
    void connectionOptionsAreSentWithTheirApiNames() throws Exception {
        Path cert = Files.writeString(dir.resolve("server.pem"), "-----BEGIN CERTIFICATE-----\n");

        Cli.Run run = Cli.run(Cli.withStdin(env, SECRET), "account", "add", "alice@localhost", "--host", "127.0.0.1",
                "--port", "5223", "--direct-tls", "--trusted-cert", cert.toString(), "--resource", "laptop",
                "--password-stdin");

        assertThat(daemon.request()).isEqualTo(call("""
                {"jid":"alice@localhost","password":"%s","host":"127.0.0.1","port":5223,"directTls":true,
                 "trustedCert":"%s","resource":"laptop"}
                """.formatted(SECRET, cert)));
        assertThat(run.exit()).isZero();
    }

    @Test
    void pinIsSentAsGiven() throws Exception {
        Cli.Run run = Cli.run(Cli.withStdin(env, SECRET), "account", "add", "alice@localhost", "--pin",
                "9F:86:D0:81", "--password-stdin");

        assertThat(daemon.request()).isEqualTo(call(
                "{\"jid\":\"alice@localhost\",\"password\":\"" + SECRET + "\",\"pin\":\"9F:86:D0:81\"}"));
        assertThat(run.exit()).isZero();
    }

    @Test
    void daemonErrorIsShownWithoutThePassword() throws Exception {
        daemon.error(1002, "account alice@example.org exists; remove it first");

        Cli.Run run = Cli.run(Cli.withStdin(env, SECRET), "account", "add", "alice@example.org", "--password-stdin",
                "--json");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: account alice@example.org exists; remove it first\n");
        assertThat(Json.MAPPER.readTree(run.out()).at("/error/code").asInt()).isEqualTo(1002);
        assertNoSecretPrinted(run);
    }
}
