package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every xmppctl command, not a sample: each takes {@code --json}, each says in one line how to start xmppd when it is
 * not running (exit 3), and each prints a daemon's error answer as JSON on stdout and one line on stderr (exit 1).
 */
class EveryCommandTest {

    /** A valid command line for every command that calls the daemon: the command's words, then its arguments. */
    private static final Map<String, List<String>> COMMANDS = Map.ofEntries(
            Map.entry("status", List.of()),
            Map.entry("account add", List.of("a@example.org", "--password-command", "echo pw")),
            Map.entry("account list", List.of()),
            Map.entry("account remove", List.of("a@example.org")),
            Map.entry("account enable", List.of("a@example.org")),
            Map.entry("account disable", List.of("a@example.org")),
            Map.entry("disco", List.of("a@example.org")),
            Map.entry("roster", List.of("a@example.org")),
            Map.entry("roster add", List.of("a@example.org", "b@example.org")),
            Map.entry("roster remove", List.of("a@example.org", "b@example.org")),
            Map.entry("block", List.of("a@example.org", "b@example.org")),
            Map.entry("unblock", List.of("a@example.org", "b@example.org")),
            Map.entry("blocklist", List.of("a@example.org")),
            Map.entry("send", List.of("a@example.org", "b@example.org", "hi")),
            Map.entry("sync", List.of()),
            Map.entry("history", List.of("a@example.org")),
            Map.entry("search", List.of("hello")),
            Map.entry("export", List.of("a@example.org")),
            Map.entry("tail", List.of()),
            Map.entry("console", List.of("a@example.org")),
            Map.entry("presence", List.of("a@example.org", "away")),
            Map.entry("csi", List.of("a@example.org", "inactive")),
            Map.entry("reload", List.of()),
            Map.entry("shutdown", List.of()),
            Map.entry("cluster", List.of()));

    @TempDir
    Path dir;

    static Stream<Arguments> commands() {
        return COMMANDS.keySet().stream().sorted().map(Arguments::of);
    }

    /** {@code xmppctl WORDS --json ARGS}. */
    private static String[] commandLine(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--json");
        args.addAll(COMMANDS.get(command));
        return args.toArray(String[]::new);
    }

    /** Every command and subcommand by its words ("roster add"), help excepted. */
    private static List<String> allCommands(CommandLine parent, String prefix) {
        List<String> names = new ArrayList<>();
        parent.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                names.add(prefix + name);
                names.addAll(allCommands(sub, prefix + name + " "));
            }
        });
        return names;
    }

    @Test
    void everyCommandTakesJsonAndTheTableBelowCoversEveryCommand() {
        CommandLine xmppctl = Xmppctl.commandLine(Cli.env(dir.resolve("control.sock")));
        List<String> all = allCommands(xmppctl, "");

        for (String name : all) {
            CommandLine command = xmppctl;
            for (String word : name.split(" ")) {
                command = command.getSubcommands().get(word);
            }
            assertThat(command.getCommandSpec().findOption("--json")).as("xmppctl %s --json", name).isNotNull();
        }
        // "account" alone only groups its subcommands (a usage error, see UsageTest); every other one calls xmppd.
        assertThat(COMMANDS.keySet()).containsExactlyInAnyOrderElementsOf(
                all.stream().filter(name -> !name.equals("account")).toList());
    }

    @ParameterizedTest(name = "xmppctl {0} --json")
    @MethodSource("commands")
    void withoutADaemonEveryCommandSaysInOneLineHowToStartIt(String command) {
        Path socket = dir.resolve("control.sock");

        Cli.Run run = Cli.run(Cli.env(socket), commandLine(command));

        assertThat(run.exit()).as(run.err()).isEqualTo(Xmppctl.EXIT_NOT_RUNNING);
        assertThat(run.err()).isEqualTo("xmppctl: xmppd is not running (no control socket at " + socket
                + "); start it with bin/xmppd\n");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest(name = "xmppctl {0} --json")
    @MethodSource("commands")
    void aDaemonErrorIsPrintedAsJsonByEveryCommand(String command) throws IOException {
        try (ScriptedDaemon daemon = ScriptedDaemon.start(dir).error(1001, "no account a@example.org")) {
            Cli.Run run = Cli.run(Cli.env(daemon.socket()), commandLine(command));

            assertThat(run.exit()).as(run.err()).isEqualTo(Xmppctl.EXIT_FAILED);
            JsonNode printed = Json.MAPPER.readTree(run.out());
            assertThat(printed.path("error").path("code").asInt()).as(run.out()).isEqualTo(1001);
            assertThat(printed.path("error").path("message").asText()).isEqualTo("no account a@example.org");
            assertThat(run.err()).endsWith("\n").doesNotContain("{").satisfies(err ->
                    assertThat(err.strip()).contains("no account a@example.org").doesNotContain("\n"));
        }
    }
}
