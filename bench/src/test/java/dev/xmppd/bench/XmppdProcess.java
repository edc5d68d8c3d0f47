package dev.xmppd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.ctl.CommandFailure;
import dev.xmppd.ctl.ControlClient;
import dev.xmppd.ctl.Json;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.XmppServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * xmppd as a user runs it: {@code bin/xmppd --config FILE} in its own JVM (the launcher's default JVM options), with
 * accounts of test servers declared in the generated config (each server's certificate trusted). The control
 * socket and the data live in {@code dir}; output goes to {@code dir/xmppd.log}.
 */
final class XmppdProcess implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Instant started;

    private XmppdProcess(Process process, Path socket, Instant started) {
        this.process = process;
        this.socket = socket;
        this.started = started;
    }

    /** An account and the server it lives on. */
    record Placed(XmppServer server, Account account) {
    }

    /** Starts the daemon with {@code accounts} of one server declared (possibly none). */
    static XmppdProcess start(Path dir, XmppServer server, List<Account> accounts) throws IOException {
        return start(dir, accounts.stream().map(a -> new Placed(server, a)).toList());
    }

    /**
     * Starts the daemon with {@code accounts} declared (possibly none; a password file each) and waits until
     * its control socket answers.
     */
    static XmppdProcess start(Path dir, List<Placed> accounts) throws IOException {
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path socket = runtime.resolve("control.sock");
        StringBuilder declared = new StringBuilder("[\n");
        for (Placed placed : accounts) {
            XmppServer server = placed.server();
            Path password = passwordFile(dir, server.name() + "-" + placed.account().user(),
                    placed.account().password());
            declared.append("  { jid = \"").append(placed.account().jid()).append("\", password-file = \"")
                    .append(password).append("\", host = \"").append(server.host()).append("\", port = ")
                    .append(server.starttlsPort()).append(", trusted-cert = \"").append(server.certificatePem())
                    .append("\", resource = xmppd }\n");
        }
        declared.append("]");
        Path config = Files.writeString(dir.resolve("xmppd.conf"), String.join("\n",
                "xmppd.data-dir = \"" + dir.resolve("data") + "\"",
                "xmppd.control.socket = \"" + socket + "\"",
                "xmppd.archive.page-size = 250",
                "xmppd.accounts = " + declared, ""));
        String launcher = Repository.root().resolve("bin/xmppd").toString();
        checkConfig(launcher, config, dir.resolve("check-config.log"));
        ProcessBuilder builder = new ProcessBuilder(launcher, "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("xmppd.log").toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        Instant started = Instant.now();
        XmppdProcess daemon = new XmppdProcess(builder.start(), socket, started);
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(CommandFailure.class)
                .until(() -> daemon.alive() && daemon.call("status").has("accounts"));
        return daemon;
    }

    /**
     * {@code bin/xmppd --check-config} first, untimed: it validates the generated config, and the launcher builds the
     * daemon there if its sources look newer than the last build, so no build is counted in a measurement.
     */
    private static void checkConfig(String launcher, Path config, Path log) throws IOException {
        Process check = new ProcessBuilder(launcher, "--config", config.toString(), "--check-config")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!check.waitFor(10, TimeUnit.MINUTES) || check.exitValue() != 0) {
                throw new IllegalStateException("bin/xmppd --check-config failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A 0600 file {@code <name>.password} holding {@code password}. */
    static Path passwordFile(Path dir, String name, String password) throws IOException {
        Path file = dir.resolve(name + ".password");
        Files.writeString(file, password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    Process process() {
        return process;
    }

    Path socket() {
        return socket;
    }

    /** When the JVM was started. */
    Instant started() {
        return started;
    }

    JsonNode call(String method) {
        return call(method, Json.object());
    }

    JsonNode call(String method, ObjectNode params) {
        return new ControlClient(socket, Duration.ofSeconds(60)).call(method, params);
    }

    /**
     * Waits until {@code count} accounts are online; returns the latest time one of them went online (the
     * daemon's own {@code since}, so the polling interval does not count).
     */
    Instant awaitOnline(int count, Duration timeout) {
        List<Instant> since = new ArrayList<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!alive()) {
                throw new IllegalStateException("xmppd exited: " + process.exitValue());
            }
            since.clear();
            for (JsonNode account : call("status").path("accounts")) {
                if (account.path("state").asText().equals("online")) {
                    since.add(Instant.parse(account.path("since").asText()));
                }
            }
            return since.size() >= count;
        });
        return since.stream().max(Instant::compareTo).orElseThrow();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                call("shutdown");
            } catch (RuntimeException e) {
                process.destroy();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
