package dev.xmppd.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One JSON-RPC 2.0 call over the daemon's control socket: connect, write one request line, read lines until the
 * response (notifications, which streaming methods send, are skipped), close. The whole exchange has one deadline;
 * a response line longer than {@link #MAX_RESPONSE_BYTES} (by default) is refused rather than buffered without end.
 */
public final class ControlClient {
    public static final int MAX_RESPONSE_BYTES = 64 << 20;
    private static final int REQUEST_ID = 1;

    private final Path socket;
    private final Duration timeout;
    private final int maxResponseBytes;

    public ControlClient(Path socket, Duration timeout) {
        this(socket, timeout, MAX_RESPONSE_BYTES);
    }

    ControlClient(Path socket, Duration timeout, int maxResponseBytes) {
        this.socket = socket;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Calls {@code method} and returns its result.
     *
     * @throws DaemonError     the daemon answered with an error
     * @throws CommandFailure  xmppd is not running, did not answer in time, or broke the protocol
     */
    public JsonNode call(String method, ObjectNode params) {
        return exchange(method, params, notification -> { }, Idle.BOUNDED_CALL);
    }

    /** How long a streaming call may go without a line from the daemon. */
    public enum Idle {
        /** The timeout bounds the whole call (plain calls). */
        BOUNDED_CALL,
        /** The timeout counts from the last line received (sync: progress comes page by page). */
        BETWEEN_LINES,
        /** No bound: the call lasts until the daemon answers or the user interrupts (tail). */
        FOREVER
    }

    /**
     * A streaming call: each notification's params go to {@code onNotification} as they come, then the result is
     * returned as by {@link #call}.
     */
    public JsonNode stream(String method, ObjectNode params, Consumer<JsonNode> onNotification, Idle idle) {
        return exchange(method, params, onNotification, idle);
    }

    private JsonNode exchange(String method, ObjectNode params, Consumer<JsonNode> onNotification, Idle idle) {
        ObjectNode request = Json.object().put("jsonrpc", "2.0").put("id", REQUEST_ID).put("method", method);
        request.set("params", params);
        long deadline = idle == Idle.FOREVER ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = connect(); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            ByteBuffer out = StandardCharsets.UTF_8.encode(request + "\n");
            while (out.hasRemaining()) {
                await(selector, deadline);
                channel.write(out);
            }
            key.interestOps(SelectionKey.OP_READ);
            return readResponse(channel, selector, deadline, onNotification, idle);
        } catch (IOException e) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "the connection to xmppd at " + socket + " failed: "
                    + e.getMessage());
        }
    }

    private SocketChannel connect() throws IOException {
        // notExists, not !exists: a path we may not look at is reported by connect (permission denied).
        if (Files.notExists(socket)) {
            throw notRunning();
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (ConnectException e) {
            // A socket file nobody listens on: left behind by a daemon that died.
            channel.close();
            throw notRunning();
        } catch (IOException e) {
            channel.close();
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "cannot connect to the control socket " + socket + ": "
                    + e.getMessage() + (e.getMessage() != null && e.getMessage().contains("denied")
                    ? " (xmppd runs as another user?)" : ""));
        }
    }

    private CommandFailure notRunning() {
        return new CommandFailure(Xmppctl.EXIT_NOT_RUNNING, "xmppd is not running (no control socket at " + socket
                + "); start it with bin/xmppd");
    }

    private JsonNode readResponse(SocketChannel channel, Selector selector, long deadline,
                                  Consumer<JsonNode> onNotification, Idle idle) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            await(selector, deadline);
            int read = channel.read(buffer.clear());
            if (read < 0) {
                throw new CommandFailure(Xmppctl.EXIT_FAILED, "xmppd closed the connection without answering; "
                        + "see its log");
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b != '\n') {
                    if (line.size() >= maxResponseBytes) {
                        throw new CommandFailure(Xmppctl.EXIT_FAILED, "xmppd's answer is longer than "
                                + maxResponseBytes + " bytes; refusing it");
                    }
                    line.write(b);
                    continue;
                }
                Optional<JsonNode> result = response(line.toString(StandardCharsets.UTF_8), onNotification);
                if (result.isPresent()) {
                    return result.get();
                }
                line.reset();
                if (idle == Idle.BETWEEN_LINES) {
                    deadline = System.nanoTime() + timeout.toNanos();
                }
            }
        }
    }

    /** The result of a response line, empty for a notification (given to the consumer) or a blank line. */
    private static Optional<JsonNode> response(String line, Consumer<JsonNode> onNotification) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "xmppd sent an answer that is not JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "xmppd sent an answer that is not a JSON object");
        }
        if (tree.has("method") && !tree.has("id")) {
            onNotification.accept(tree.path("params"));
            return Optional.empty();
        }
        if (tree.get("error") instanceof ObjectNode error) {
            throw new DaemonError(error);
        }
        if (!tree.has("result") || tree.path("id").asInt(-1) != REQUEST_ID) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "xmppd sent an answer that is not a response to our call");
        }
        JsonNode result = tree.get("result");
        return Optional.of(result == null ? NullNode.instance : result);
    }

    private void await(Selector selector, long deadline) throws IOException {
        while (true) {
            if (deadline == Long.MAX_VALUE) {
                if (selector.select() > 0) {
                    selector.selectedKeys().clear();
                    return;
                }
                continue;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new CommandFailure(Xmppctl.EXIT_FAILED, "xmppd did not answer within " + describe(timeout)
                        + "; see its log, or try again");
            }
            int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            if (ready > 0) {
                selector.selectedKeys().clear();
                return;
            }
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
