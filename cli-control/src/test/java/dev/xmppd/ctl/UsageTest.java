package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong command line: exit 2, one line on stderr naming the problem, nothing on stdout, no call to the daemon. */
class UsageTest {
    @TempDir
    Path dir;

    private ScriptedDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        daemon = ScriptedDaemon.start(dir).result(Json.object().put("ok", true));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    @ParameterizedTest(name = "xmppctl {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                          | missing command: status, account, disco, roster, block, unblock, blocklist, send, sync, history, search, export, tail, console, presence, csi, reload, shutdown, cluster, help; see 'xmppctl --help'
            stauts                                                      | Unmatched argument at index 0: 'stauts' (did you mean status or tail or roster?); see 'xmppctl --help'
            status --verbose                                            | Unknown option: '--verbose' (did you mean --version?); see 'xmppctl status --help'
            status extra                                                | Unmatched argument at index 1: 'extra'; see 'xmppctl status --help'
            account                                                     | missing subcommand: add, list, remove, enable, disable; see 'xmppctl account --help'
            account add                                                 | Missing required parameter: 'JID'; see 'xmppctl account add --help'
            account add a@example.org --pin AA --trusted-cert c.pem     | Error: --trusted-cert=PEM, --pin=SHA256 are mutually exclusive (specify only one); see 'xmppctl account add --help'
            account add a@example.org --password-stdin --password-file f | Error: --password-stdin, --password-file=F are mutually exclusive (specify only one); see 'xmppctl account add --help'
            account add a@example.org --port 0 --password-stdin         | --port must be 1..65535, not 0; see 'xmppctl account add --help'
            account add a@example.org --port x --password-stdin         | Invalid value for option '--port': 'x' is not an int; see 'xmppctl account add --help'
            account remove                                              | Missing required parameter: 'JID'; see 'xmppctl account remove --help'
            disco                                                       | Missing required parameter: 'ACCOUNT'; see 'xmppctl disco --help'
            roster                                                      | missing ACCOUNT; see 'xmppctl roster --help'
            roster add bob@example.org                                  | missing ACCOUNT: use 'roster add ACCOUNT JID'; see 'xmppctl roster add --help'
            roster a@example.org add a@example.org bob@example.org      | ACCOUNT given twice (before and after 'add'); see 'xmppctl roster add --help'
            roster remove                                               | Missing required parameter: '[ACCOUNT] JID'; see 'xmppctl roster remove --help'
            block a@example.org                                         | Missing required parameter: 'JID'; see 'xmppctl block --help'
            blocklist                                                   | Missing required parameter: 'ACCOUNT'; see 'xmppctl blocklist --help'
            send a@example.org bob@example.org                          | Missing required parameter: 'TEXT'; see 'xmppctl send --help'
            presence a@example.org                                      | Missing required parameter: 'SHOW'; see 'xmppctl presence --help'
            presence a@example.org busy                                 | SHOW must be online, away, chat, dnd or xa, not 'busy'; see 'xmppctl presence --help'
            shutdown now                                                | Unmatched argument at index 1: 'now'; see 'xmppctl shutdown --help'
            history                                                     | Missing required parameter: 'ACCOUNT'; see 'xmppctl history --help'
            search                                                      | Missing required parameter: 'TEXT'; see 'xmppctl search --help'
            export a@example.org --limit 3                              | Unknown options: '--limit', '3'; see 'xmppctl export --help'
            """)
    void wrongCommandLineIsOneLineAndExitTwo(String args, String message) {
        Cli.Run run = Cli.run(Cli.env(daemon.socket()), args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("xmppctl: " + message + "\n");
        assertThat(run.out()).isEmpty();
        assertThat(daemon.noRequest()).isTrue();
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Cli.Run run = Cli.run(Cli.env(daemon.socket()), "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: xmppctl", "status", "account", "roster", "shutdown", "--socket=PATH",
                "--json", "Exit codes:", "3   xmppd is not running");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void subcommandHelpShowsItsForm() {
        Cli.Run run = Cli.run(Cli.env(daemon.socket()), "account", "add", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: xmppctl account add", "JID", "--password-stdin", "--password-file=F",
                "--password-command=CMD", "--trusted-cert=PEM", "--pin=SHA256", "--direct-tls");
        assertThat(daemon.noRequest()).isTrue();
    }

    @Test
    void helpCommandShowsASubcommandsHelp() {
        Cli.Run run = Cli.run(Cli.env(daemon.socket()), "help", "send");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: xmppctl send", "ACCOUNT TO TEXT...");
    }

    @Test
    void versionNamesTheProjectVersion() {
        Cli.Run run = Cli.run(Cli.env(daemon.socket()), "--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("xmppctl \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }
}
