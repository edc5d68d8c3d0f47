package dev.xmppd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One running server process tree, started through {@code runuser} as the server's system user.
 *
 * <p>Stopping sends SIGTERM to the server's own process rather than to {@code runuser}: runuser
 * does not pass the signal through the shell wrappers (ejabberdctl → erl → beam.smp), and
 * signalling every process would kill beam's helper {@code erl_child_setup} under it. beam.smp
 * and Prosody both shut down cleanly on SIGTERM. Whatever is still alive after the grace period
 * is killed.
 */
final class ServerProcess {

    private static final Duration POLL = Duration.ofMillis(50);

    private final String name;
    private final Process process;
    private final Path consoleLog;
    private final String mainExecutable;

    private ServerProcess(String name, Process process, Path consoleLog, String mainExecutable) {
        this.name = name;
        this.process = process;
        this.consoleLog = consoleLog;
        this.mainExecutable = mainExecutable;
    }

    /**
     * Starts {@code command} with stdout and stderr appended to {@code consoleLog};
     * {@code mainExecutable} names the server's own process in the tree (e.g. {@code beam.smp}).
     */
    static ServerProcess start(String name, List<String> command, Path workingDir, Path consoleLog,
                               Map<String, String> environment, String mainExecutable) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            return new ServerProcess(name, builder.start(), consoleLog, mainExecutable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path consoleLog() {
        return consoleLog;
    }

    /**
     * Waits until every port accepts a TCP connection. Fails early, with the log, when the process
     * exits; fails with the log when {@code timeout} passes.
     */
    void awaitListening(String host, List<Integer> ports, Duration timeout, Supplier<String> log) {
        Instant deadline = Instant.now().plus(timeout);
        for (int port : ports) {
            while (!accepts(host, port)) {
                if (!process.isAlive()) {
                    throw new ServerStartException(name + " exited with status " + process.exitValue()
                            + " before listening on " + host + ":" + port, log.get());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new ServerStartException(name + " is not listening on " + host + ":" + port
                            + " after " + timeout.toSeconds() + " s", log.get());
                }
                waitForExit(POLL);
            }
        }
    }

    /**
     * SIGTERM to the server's own process (the descendant whose executable path contains
     * {@link #mainExecutable}; the whole tree if none does), then waits for the tree to exit;
     * SIGKILL to whatever survives {@code grace}.
     */
    void stop(Duration grace) {
        List<ProcessHandle> tree = process.descendants().toList();
        List<ProcessHandle> main = tree.stream()
                .filter(p -> p.info().command().orElse("").contains(mainExecutable))
                .toList();
        (main.isEmpty() ? tree : main).forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(grace);
        for (ProcessHandle handle : tree) {
            awaitExit(handle, Duration.between(Instant.now(), deadline));
        }
        if (!waitForExit(Duration.between(Instant.now(), deadline))) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    private static void awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a server", e);
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
