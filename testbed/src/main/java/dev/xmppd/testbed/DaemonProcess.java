package dev.xmppd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * xmppd in its own JVM ({@code dev.xmppd.daemon.Xmppd} on the caller's classpath, as bin/xmppd runs it), with one
 * account of a test server declared in a generated config file, for tests that must kill the daemon (SIGKILL) or
 * measure it apart from the test JVM. Its output goes to {@code <name>.log} in the directory.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final String MAIN_CLASS = "dev.xmppd.daemon.Xmppd";

    private final Process process;
    private final Path socket;

    private DaemonProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /**
     * Writes {@code dir/xmppd.conf} (data in {@code dir/data}, control socket in {@code dir/run}, the account with a
     * 0600 password file and the server's certificate, resource {@code xmppd}), plus {@code extraConfig} (HOCON
     * lines such as {@code xmppd.archive.page-size = 50}), and starts the daemon.
     */
    public static DaemonProcess start(Path dir, XmppServer server, Account account, String extraConfig, String name) {
        try {
            Path password = dir.resolve(account.user() + ".password");
            Files.writeString(password, account.password() + "\n");
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
            Path runtime = Files.createDirectories(dir.resolve("run"));
            Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
            Path socket = runtime.resolve("control.sock");
            Path config = Files.writeString(dir.resolve("xmppd.conf"), String.join("\n", List.of(
                    "xmppd.data-dir = \"" + dir.resolve("data") + "\"",
                    "xmppd.control.socket = \"" + socket + "\"",
                    "xmppd.accounts = [{ jid = \"" + account.jid() + "\", password-file = \"" + password + "\", host = \""
                            + server.host() + "\", port = " + server.starttlsPort() + ", trusted-cert = \""
                            + server.certificatePem() + "\", resource = xmppd }]",
                    extraConfig, "")));
            ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:+UseSerialGC", "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), MAIN_CLASS, "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
            builder.environment().remove("NOTIFY_SOCKET");
            return new DaemonProcess(builder.start(), socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start xmppd", e);
        }
    }

    public Path socket() {
        return socket;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown code runs. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** True when the process ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
