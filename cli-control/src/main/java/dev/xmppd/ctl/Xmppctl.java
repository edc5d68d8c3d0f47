package dev.xmppd.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * xmppctl, the command-line client of a running xmppd (DESIGN.md "Control API"). The command forms are a public
 * interface: scripts depend on them and on the exit codes below.
 */
@Command(name = "xmppctl", mixinStandardHelpOptions = true, versionProvider = Xmppctl.Version.class,
        description = "Controls a running xmppd through its control socket.",
        subcommands = {StatusCommand.class, AccountCommand.class, DiscoCommand.class, RosterCommand.class,
                BlockCommand.class, UnblockCommand.class, BlocklistCommand.class, SendCommand.class,
                SyncCommand.class, HistoryCommand.class, SearchCommand.class, ExportCommand.class, TailCommand.class,
                ConsoleCommand.class, PresenceCommand.class, CsiCommand.class, ReloadCommand.class, ShutdownCommand.class,
                ClusterCommand.class,
                HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the daemon answered with an error, or the call failed (timeout, dropped connection)",
                "2:usage error: the command line is wrong",
                "3:xmppd is not running (no control socket, or nobody listening on it)"})
public final class Xmppctl implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_NOT_RUNNING = 3;

    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    private final Environment environment;

    private Xmppctl(Environment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Environment.system()).execute(args));
    }

    /** The command line with xmppctl's error handling: every failure is one line on stderr and an exit code. */
    public static CommandLine commandLine(Environment environment) {
        CommandLine commandLine = new CommandLine(new Xmppctl(environment));
        // JIDs and message text may start with '@': never read them as argument files.
        commandLine.setExpandAtFiles(false);
        commandLine.setParameterExceptionHandler(Xmppctl::usageError);
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> failure(e, command));
        return commandLine;
    }

    public Environment environment() {
        return environment;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            List<String> suggestions = unmatched.getSuggestions();
            message += " (did you mean " + String.join(" or ", suggestions) + "?)";
        }
        printError(command.getErr(), message + "; see '" + command.getCommandSpec().qualifiedName() + " --help'");
        return EXIT_USAGE;
    }

    private static int failure(Exception e, CommandLine command) {
        return switch (e) {
            case CommandFailure failure -> {
                printError(command.getErr(), failure.getMessage());
                yield failure.exitCode();
            }
            case DaemonError error -> {
                printError(command.getErr(), error.getMessage());
                yield EXIT_FAILED;
            }
            default -> {
                printError(command.getErr(), "unexpected failure: " + e);
                yield EXIT_FAILED;
            }
        };
    }

    /** Exactly one line, whatever the message holds. */
    static void printError(PrintWriter err, String message) {
        err.println("xmppctl: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").strip());
        err.flush();
    }

    /** The version Maven wrote into the jar's resources. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Xmppctl.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"xmppctl " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
