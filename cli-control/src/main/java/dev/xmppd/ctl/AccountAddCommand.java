package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xmppctl account add JID ...}. The password never appears on the command line: it is read from stdin or the
 * terminal (sent to the daemon, which stores it 0600), or the daemon reads it from a file or a command at each login.
 * Paths are made absolute here, because the daemon resolves relative paths against its own working directory.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adds an account and connects it.",
                "Without a password option the password is asked for on a terminal, or read from the first line "
                        + "of standard input."})
final class AccountAddCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "JID", description = "the account, e.g. alice@example.org")
    private String jid;

    @Option(names = "--host", paramLabel = "H", description = "connect to this host instead of looking up DNS SRV")
    private String host;

    @Option(names = "--port", paramLabel = "P", description = "connect to this port (1..65535)")
    private Integer port;

    @Option(names = "--direct-tls", description = "TLS from the first byte (XEP-0368) instead of STARTTLS")
    private boolean directTls;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Trust trust;

    @Option(names = "--resource", paramLabel = "R", description = "the resource to bind")
    private String resource;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private PasswordOption password;

    /** How to trust a server whose certificate the system CAs do not vouch for. */
    static final class Trust {
        @Option(names = "--trusted-cert", paramLabel = "PEM", required = true,
                description = "trust this certificate file (PEM) for the server")
        private Path trustedCert;

        @Option(names = "--pin", paramLabel = "SHA256", required = true,
                description = "trust the server certificate with this SHA-256 fingerprint")
        private String pin;
    }

    /** Where the password comes from. */
    static final class PasswordOption {
        @Option(names = "--password-stdin", required = true,
                description = "read the password from the first line of standard input")
        private boolean stdin;

        @Option(names = "--password-file", paramLabel = "F", required = true,
                description = "the daemon reads the password from this file at each login")
        private Path file;

        @Option(names = "--password-command", paramLabel = "CMD", required = true,
                description = "the daemon runs this command at each login; its first output line is the password")
        private String command;
    }

    @Override
    public Integer call() {
        if (port != null && (port < 1 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port must be 1..65535, not " + port);
        }
        ObjectNode params = control.params().put("jid", jid);
        putPassword(params);
        Optional.ofNullable(host).ifPresent(h -> params.put("host", h));
        Optional.ofNullable(port).ifPresent(p -> params.put("port", p));
        if (directTls) {
            params.put("directTls", true);
        }
        if (trust != null && trust.trustedCert != null) {
            params.put("trustedCert", trust.trustedCert.toAbsolutePath().normalize().toString());
        }
        if (trust != null && trust.pin != null) {
            params.put("pin", trust.pin);
        }
        Optional.ofNullable(resource).ifPresent(r -> params.put("resource", r));
        JsonNode result = control.call("account.add", params);
        control.show(result, out -> out.println("added " + result.path("jid").asText(jid) + " (password: "
                + result.path("password").asText("?") + "); see 'xmppctl status' for its connection"));
        return Xmppctl.EXIT_OK;
    }

    private void putPassword(ObjectNode params) {
        if (password != null && password.file != null) {
            Path file = password.file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CommandFailure(Xmppctl.EXIT_FAILED, "cannot read the password file " + file);
            }
            params.put("passwordFile", file.toString());
        } else if (password != null && password.command != null) {
            params.put("passwordCommand", password.command);
        } else {
            params.put("password", readPassword());
        }
    }

    private String readPassword() {
        Environment env = control.environment();
        Optional<String> typed = password == null && env.terminal().isPresent()
                ? env.terminal().get().readPassword("Password for " + jid + ": ")
                : env.readStdinLine();
        String secret = typed.map(AccountAddCommand::withoutLineEnd).orElse("");
        if (secret.isEmpty()) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "no password given for " + jid + "; type it, pipe it to "
                    + "--password-stdin, or use --password-file F or --password-command CMD");
        }
        return secret;
    }

    /** A file written on Windows ends its line with CR as well; it is not part of the password. */
    private static String withoutLineEnd(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
