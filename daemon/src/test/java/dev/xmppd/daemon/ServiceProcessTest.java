package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xmppd as a service process: SIGHUP reloads, SIGTERM closes every stream cleanly and exits 0 within 10 s. */
class ServiceProcessTest {
    private static final Duration LOGIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void sighupAddsAnAccountAndSigtermClosesEveryStreamCleanly() throws Exception {
        try (ProsodyServer prosody = withDebugLog(new ProsodyServer())) {
            prosody.start();
            sighupAndSigterm(prosody);
        }
    }

    /**
     * Prosody logs a client's {@code </stream:stream>} only at debug level (at info a clean close and a dropped
     * connection both read "Client disconnected: connection closed"): a second log sink takes debug lines.
     */
    private static ProsodyServer withDebugLog(ProsodyServer prosody) throws IOException {
        Path config = prosody.directory().resolve("prosody.cfg.lua");
        String text = Files.readString(config);
        String info = "log = { { levels = { min = \"info\" }, to = \"file\", filename = \"" + prosody.directory()
                + "/prosody.log\" } }";
        assertThat(text).contains(info);
        Files.writeString(config, text.replace(info, info.substring(0, info.length() - 2)
                + ", { levels = { \"debug\" }, to = \"file\", filename = \"" + prosody.directory() + "/debug.log\" } }"));
        return prosody;
    }

    private void sighupAndSigterm(ProsodyServer prosody) throws Exception {
        List<Account> accounts = prosody.newAccounts("service", 3);
        Path credentials = Files.createDirectories(dir.resolve("credentials"));
        List<String> entries = List.of(
                passwordFile(prosody, accounts.get(0)),
                passwordCommand(prosody, accounts.get(1)),
                credential(prosody, accounts.get(2), credentials));
        Path config = writeConfig(entries.subList(0, 2));
        try (DaemonProcess daemon = DaemonProcess.start(config, socket(), dir.resolve("xmppd.out"),
                Map.of("CREDENTIALS_DIRECTORY", credentials.toString()))) {
            daemon.awaitState(accounts.get(0).jid(), "online", LOGIN);
            daemon.awaitState(accounts.get(1).jid(), "online", LOGIN);

            writeConfig(entries);
            daemon.signal("HUP");
            daemon.awaitState(accounts.get(2).jid(), "online", LOGIN);

            Instant start = Instant.now();
            int exit = daemon.terminate(Duration.ofSeconds(10));
            Duration took = Duration.between(start, Instant.now());
            assertThat(exit).as(daemon.output()).isZero();
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            System.out.println("SIGTERM to exit: " + took.toMillis() + " ms");
            String log = prosody.log();
            Path debug = prosody.directory().resolve("debug.log");
            // RFC 6121 §4.5 unavailable presence, then RFC 6120 §4.4 our </stream:stream>: not a dropped connection.
            for (Account account : accounts) {
                String session = session(log, account);
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    String lines = Files.readString(debug);
                    assertThat(lines).as("%s (session %s) said it is unavailable", account, session)
                            .containsPattern(session + "\tdebug\tReceived\\[c2s\\]: <presence[^>]*type='unavailable'");
                    assertThat(lines).as("%s (session %s) closed its stream", account, session)
                            .contains(session + "\tdebug\tReceived </stream:stream>");
                });
            }
            assertThat(daemon.output()).contains("xmppd stopping")
                    .doesNotContain("not every account closed its stream").doesNotContain("Exception");
            for (Account account : accounts) {
                assertThat(daemon.output()).as("the state change log line").contains(account.jid() + " is online as ");
            }
        }
    }

    /** Prosody's session id (c2s...) of the account's session, from its "Authenticated as" line. */
    private static String session(String log, Account account) {
        return log.lines().filter(l -> l.endsWith("Authenticated as " + account.jid())).map(l -> l.split("\t")[0])
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no login of " + account + " in\n" + log));
    }

    /**
     * Passwords from a file, a command, a systemd credential and {@code account.add}: none appears in what the
     * daemon prints (at debug level), in any reply, or in the XML console, where SASL payloads show as ***.
     */
    @Test
    void passwordsNeverShow() throws Exception {
        try (ProsodyServer prosody = new ProsodyServer()) {
            prosody.start();
            List<Account> accounts = prosody.newAccounts("secret", 4);
            Path credentials = Files.createDirectories(dir.resolve("credentials"));
            Path config = writeConfig(List.of(passwordFile(prosody, accounts.get(0)),
                    passwordCommand(prosody, accounts.get(1)), credential(prosody, accounts.get(2), credentials)));
            Account runtime = accounts.get(3);
            try (DaemonProcess daemon = DaemonProcess.start(config, socket(), dir.resolve("xmppd.out"),
                    Map.of("CREDENTIALS_DIRECTORY", credentials.toString()), "-Dxmppd.log.level=DEBUG")) {
                daemon.call("account.add", Map.of("jid", runtime.jid(), "password", runtime.password(),
                        "host", prosody.host(), "port", prosody.starttlsPort(),
                        "trustedCert", prosody.certificatePem().toString()));
                for (Account account : accounts) {
                    daemon.awaitState(account.jid(), "online", LOGIN);
                }
                List<String> console;
                try (ConsoleWatch watch = ConsoleWatch.open(socket(), runtime.jid())) {
                    daemon.call("account.disable", Map.of("jid", runtime.jid()));
                    daemon.awaitState(runtime.jid(), "disabled", LOGIN);
                    daemon.call("account.enable", Map.of("jid", runtime.jid()));
                    daemon.awaitState(runtime.jid(), "online", LOGIN);
                    daemon.call("send", Map.of("account", runtime.jid(), "to", accounts.get(0).jid(), "body", "hi"));
                    console = watch.awaitLines(l -> l.contains("<message") && l.contains("hi"));
                }
                assertThat(console).anyMatch(l -> l.contains("\"direction\":\"sent\"") && l.contains("<auth"))
                        .anyMatch(l -> l.contains("\"direction\":\"received\"") && l.contains("<success"))
                        .anyMatch(l -> l.contains("\"direction\":\"sent\"") && l.contains("</stream:stream>"));
                assertThat(console.stream().filter(l -> l.contains("<auth")).findFirst().orElseThrow())
                        .as("the SASL payload is masked").contains(">***</auth>");
                daemon.call("account.list", Map.of());
                daemon.call("status", Map.of());
                assertThat(daemon.terminate(Duration.ofSeconds(10))).isZero();

                String output = daemon.output();
                assertThat(output).contains(runtime.jid() + " is online as ");
                for (Account account : accounts) {
                    assertNoSecret(output, account, "the daemon's output");
                    assertNoSecret(String.join("\n", daemon.replies()), account, "the replies");
                    assertNoSecret(String.join("\n", console), account, "the XML console");
                }
            }
            try (var secrets = Files.list(dir.resolve("data").resolve("secrets"))) {
                for (Path secret : secrets.toList()) {
                    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(secret))).as(secret.toString()).isEqualTo("rw-------");
                }
            }
        }
    }

    /** The password, and its SASL PLAIN form (base64 of NUL user NUL password), never appear in {@code text}. */
    private static void assertNoSecret(String text, Account account, String where) {
        String plain = java.util.Base64.getEncoder().encodeToString(("\0" + account.user() + "\0" + account.password())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(text).as("%s holds the password of %s", where, account).doesNotContain(account.password());
        assertThat(text).as("%s holds the SASL PLAIN credentials of %s", where, account).doesNotContain(plain);
    }

    private Path socket() {
        return dir.resolve("run").resolve("control.sock");
    }

    private Path writeConfig(List<String> accounts) throws IOException {
        Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(dir.resolve("run"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return Files.writeString(dir.resolve("xmppd.conf"), """
                xmppd {
                  data-dir = "%s"
                  control.socket = "%s"
                  # A stopped daemon ends its sessions (the default; resume-after-restart = true keeps them to resume).
                  stream.resume-after-restart = false
                  accounts = [
                    %s
                  ]
                }
                """.formatted(dir.resolve("data"), socket(), accounts.stream().collect(Collectors.joining("\n    "))));
    }

    private static String server(XmppServer server) {
        return ", host = \"" + server.host() + "\", port = " + server.starttlsPort() + ", trusted-cert = \""
                + server.certificatePem() + "\" }";
    }

    private String passwordFile(XmppServer server, Account account) throws IOException {
        Path file = Files.writeString(dir.resolve(account.user() + ".password"), account.password() + "\n");
        return "{ jid = \"" + account.jid() + "\", password-file = \"" + file + "\"" + server(server);
    }

    private String passwordCommand(XmppServer server, Account account) throws IOException {
        Path file = Files.writeString(dir.resolve(account.user() + ".secret"), account.password());
        return "{ jid = \"" + account.jid() + "\", password-command = \"cat " + file + "\"" + server(server);
    }

    private static String credential(XmppServer server, Account account, Path credentials) throws IOException {
        Files.writeString(credentials.resolve(account.user()), account.password());
        return "{ jid = \"" + account.jid() + "\", password-credential = \"" + account.user() + "\"" + server(server);
    }
}
