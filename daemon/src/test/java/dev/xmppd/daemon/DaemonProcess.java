package dev.xmppd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.control.JsonRpc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * xmppd as its own JVM process, started like bin/xmppd ({@code java ... dev.xmppd.daemon.Xmppd --config FILE}) on this
 * test's classpath, with stdout and stderr captured to a file: for signals, exit codes and what the process prints.
 */
final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path output;

    private DaemonProcess(Process process, Path socket, Path output) {
        this.process = process;
        this.socket = socket;
        this.output = output;
    }

    /** Starts the daemon and waits until its control socket answers. */
    static DaemonProcess start(Path config, Path socket, Path output, Map<String, String> env, String... jvmOptions)
            throws IOException {
        return start(config, socket, output, env, List.of(), jvmOptions);
    }

    /** As above, with more of xmppd's own arguments after {@code --config FILE} (e.g. {@code --log-format json}). */
    static DaemonProcess start(Path config, Path socket, Path output, Map<String, String> env, List<String> arguments,
                               String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Xmppd.class.getName(),
                "--config", config.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("XMPPD_") || k.equals("NOTIFY_SOCKET"));
        builder.environment().putAll(env);
        DaemonProcess daemon = new DaemonProcess(builder.start(), socket, output);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!daemon.process.isAlive()) {
                throw new AssertionError("xmppd exited with " + daemon.process.exitValue() + ":\n" + daemon.output());
            }
            return Files.exists(socket) && daemon.answers();
        });
        return daemon;
    }

    long pid() {
        return process.pid();
    }

    /** What the process printed so far (stdout and stderr). */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON-RPC: the result, or {@code {"error":{...}}}; also kept in {@link #replies()}. */
    JsonNode call(String method, Map<String, ?> params) {
        ObjectNode request = JsonRpc.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        request.set("params", JsonRpc.MAPPER.valueToTree(params));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(channel).write((request + "\n").getBytes(StandardCharsets.UTF_8));
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8)).readLine();
            replies.add(line);
            JsonNode response = JsonRpc.MAPPER.readTree(line);
            return response.has("error") ? JsonRpc.MAPPER.createObjectNode().set("error", response.get("error"))
                    : response.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final List<String> replies = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Every raw reply line read so far. */
    List<String> replies() {
        return List.copyOf(replies);
    }

    private boolean answers() {
        try {
            return call("status", Map.of()).has("accounts");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    String state(String jid) {
        for (JsonNode account : call("status", Map.of()).path("accounts")) {
            if (account.path("jid").asText().equals(jid)) {
                return account.path("state").asText();
            }
        }
        return "absent";
    }

    void awaitState(String jid, String state, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(state(jid))
                        .as("state of %s; output:%n%s", jid, output()).isEqualTo(state));
    }

    /** Sends {@code signal} (e.g. "HUP") with kill(1). */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }

    /** SIGTERM ({@link Process#destroy()}), then the exit code; fails when the process outlives {@code timeout}. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("xmppd still running " + timeout.toSeconds() + " s after SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
