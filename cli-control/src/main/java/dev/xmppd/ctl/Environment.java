package dev.xmppd.ctl;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * What xmppctl reads from its surroundings besides the command line, so tests can give their own.
 *
 * @param variables the process environment (socket resolution)
 * @param uid       our uid, asked for only when the socket path needs it
 * @param stdin     standard input (passwords)
 * @param terminal  present when stdin is a terminal: asks for a password without echo
 * @param timeout   how long to wait for the daemon's answer
 */
public record Environment(Map<String, String> variables, IntSupplier uid, InputStream stdin,
                          Optional<PasswordPrompt> terminal, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** Asks the user for a password without echoing it; empty when the user ends input. */
    @FunctionalInterface
    public interface PasswordPrompt {
        Optional<String> readPassword(String prompt);
    }

    public static Environment system() {
        // Since JDK 22 System.console() is not null when stdin is redirected: isTerminal() tells the two apart.
        Console console = System.console();
        Optional<PasswordPrompt> terminal = console != null && console.isTerminal()
                ? Optional.of(prompt -> Optional.ofNullable(console.readPassword("%s", prompt)).map(String::new))
                : Optional.empty();
        return new Environment(System.getenv(), ControlSocketPath::currentUid, System.in, terminal, DEFAULT_TIMEOUT);
    }

    /** The first line of standard input without its line end; empty at end of input. */
    public Optional<String> readStdinLine() {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            return Optional.ofNullable(reader.readLine());
        } catch (IOException e) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "cannot read standard input: " + e.getMessage());
        }
    }
}
