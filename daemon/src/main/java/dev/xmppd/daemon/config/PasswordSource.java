package dev.xmppd.daemon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where an account's password comes from. Only references live in the config and the database; the secret itself
 * is read when the account logs in. {@link #read()} blocks (file or process I/O): call it on the
 * {@code xmppd-blocking-dispatcher}, never on the default dispatcher or a Netty event loop.
 */
public sealed interface PasswordSource {

    /** Reads the secret. Exception messages name the source, never the secret. */
    Secret read() throws IOException;

    /** What the control API and logs may show, e.g. {@code file /etc/xmppd/alice.pass}. */
    String describe();

    /** The first line of a file (a trailing newline is not part of the password). */
    record File(Path path) implements PasswordSource {
        @Override
        public Secret read() throws IOException {
            return firstLine(Files.readAllBytes(path));
        }

        @Override
        public String describe() {
            return "file " + path;
        }
    }

    /** The first line a command prints on stdout, run with {@code /bin/sh -c}; it must exit 0 within 30 s. */
    record Command(String command) implements PasswordSource {
        @Override
        public Secret read() throws IOException {
            Process process = new ProcessBuilder(List.of("/bin/sh", "-c", command))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("password command timed out after 30 s: " + command);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running the password command: " + command, e);
            }
            if (process.exitValue() != 0) {
                throw new IOException("password command exited with " + process.exitValue() + ": " + command);
            }
            return firstLine(out);
        }

        @Override
        public String describe() {
            return "command " + command;
        }
    }

    /**
     * A systemd credential ({@code LoadCredential=}/{@code SetCredentialEncrypted=}), read from
     * {@code $CREDENTIALS_DIRECTORY/name}.
     */
    record Credential(String name) implements PasswordSource {
        @Override
        public Secret read() throws IOException {
            return new File(directory(System.getenv()).resolve(name)).read();
        }

        static Path directory(Map<String, String> env) throws IOException {
            String dir = env.get("CREDENTIALS_DIRECTORY");
            if (dir == null || dir.isBlank()) {
                throw new IOException("CREDENTIALS_DIRECTORY is not set: systemd credentials need LoadCredential= in the unit");
            }
            return Path.of(dir);
        }

        @Override
        public String describe() {
            return "credential " + name;
        }
    }

    /** A password given to {@code xmppctl account add}, kept in a 0600 file under {@code <dataDir>/secrets}. */
    record Stored(Path path) implements PasswordSource {
        @Override
        public Secret read() throws IOException {
            return firstLine(Files.readAllBytes(path));
        }

        @Override
        public String describe() {
            return "stored secret " + path.getFileName();
        }
    }

    private static Secret firstLine(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        java.util.Arrays.fill(bytes, (byte) 0);
        return Secret.of(line);
    }
}
