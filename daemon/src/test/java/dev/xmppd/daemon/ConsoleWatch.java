package dev.xmppd.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A {@code console} (or {@code tail}) call kept open: every notification line it brings, until closed (which ends the
 * call).
 */
final class ConsoleWatch implements AutoCloseable {
    private final SocketChannel channel;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ConsoleWatch(SocketChannel channel) {
        this.channel = channel;
    }

    static ConsoleWatch open(Path socket, String account) throws IOException {
        return open(socket, "console", account);
    }

    /** Another streaming method with an account ({@code tail}). */
    static ConsoleWatch open(Path socket, String method, String account) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        Channels.newOutputStream(channel).write(("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method
                + "\",\"params\":{\"account\":\"" + account + "\"}}\n").getBytes(StandardCharsets.UTF_8));
        ConsoleWatch watch = new ConsoleWatch(channel);
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    watch.lines.add(line);
                }
            } catch (IOException e) {
                // closed by close()
            }
        });
        return watch;
    }

    /** Waits for a line matching {@code until}; returns every line so far. */
    List<String> awaitLines(Predicate<String> until) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(until));
        return List.copyOf(lines);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
