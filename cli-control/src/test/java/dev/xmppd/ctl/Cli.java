package dev.xmppd.ctl;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** Runs xmppctl in-process with a given environment and captures what it prints. */
final class Cli {
    private Cli() {
    }

    record Run(int exit, String out, String err) {
    }

    /** The socket comes from XMPPD_CONTROL_SOCKET; asking for the uid fails the test (it should not be needed). */
    static Environment env(Path socket) {
        return new Environment(Map.of(ControlSocketPath.ENV, socket.toString()), Cli::noUid, stdin(""),
                Optional.empty(), Duration.ofSeconds(10));
    }

    static Environment withStdin(Environment env, String text) {
        return new Environment(env.variables(), env.uid(), stdin(text), env.terminal(), env.timeout());
    }

    static Environment withTerminal(Environment env, Environment.PasswordPrompt prompt) {
        return new Environment(env.variables(), env.uid(), env.stdin(), Optional.of(prompt), env.timeout());
    }

    static Environment withTimeout(Environment env, Duration timeout) {
        return new Environment(env.variables(), env.uid(), env.stdin(), env.terminal(), timeout);
    }

    static Run run(Environment env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Xmppctl.commandLine(env);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int noUid() {
        throw new AssertionError("the uid was asked for although the socket path was given");
    }
}
