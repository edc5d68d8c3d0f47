package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client. A virtual thread reads request lines (at most {@code maxLine} bytes: a longer line is answered with an
 * error and the connection is closed without reading the rest); calls run concurrently and their responses are
 * queued to a second virtual thread, so a slow client never blocks an actor thread that completes a call. A client
 * that stops reading a stream of notifications it asked for ({@code tail}, {@code console}) while more than
 * {@link #MAX_PENDING} bytes of them wait is disconnected: the daemon's memory is not the client's buffer.
 */
final class ControlConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ControlConnection.class);
    private static final String CLOSE = "";
    /** Characters of queued lines a client may leave unread before it is disconnected. */
    static final long MAX_PENDING = 16L << 20;

    private final SocketChannel channel;
    private final Map<String, ControlMethod> methods;
    private final int maxLine;
    /** Lines to write, {@link #CLOSE}, or markers completed once every line before them is written. */
    private final LinkedBlockingQueue<Object> outgoing = new LinkedBlockingQueue<>();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closed;

    ControlConnection(SocketChannel channel, Map<String, ControlMethod> methods, int maxLine) {
        this.channel = channel;
        this.methods = methods;
        this.maxLine = maxLine;
    }

    void start() {
        Thread.ofVirtual().name("control-writer").start(this::writeLoop);
        Thread.ofVirtual().name("control-reader").start(this::readLoop);
    }

    boolean isOpen() {
        return !closed;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        outgoing.add(CLOSE);
        failMarkers();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing control connection", e);
        }
        closeActions.forEach(Runnable::run);
    }

    /**
     * Closes after the answers already queued are written (the daemon stopping: {@code shutdown}'s own answer must
     * still reach xmppctl), waiting for that at most until {@code deadline} (System.nanoTime), then closes anyway.
     */
    void closeWhenWritten(long deadline) {
        outgoing.add(CLOSE);
        try {
            written.await(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (!closed && channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        handle(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (line.size() >= maxLine) {
                        send(JsonRpc.error(NullNode.instance, new ControlError(ControlError.INVALID_REQUEST,
                                "request line longer than " + maxLine + " bytes; closing the connection")));
                        outgoing.add(CLOSE);
                        return;
                    } else {
                        line.write(b);
                    }
                }
            }
            outgoing.add(CLOSE);
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("control connection read failed", e);
            }
            close();
        }
    }

    private void handle(String line) {
        if (line.isBlank()) {
            return;
        }
        Object parsed = JsonRpc.parse(line);
        if (parsed instanceof JsonRpc.Invalid invalid) {
            send(JsonRpc.error(invalid.id(), invalid.error()));
            return;
        }
        JsonRpc.Request request = (JsonRpc.Request) parsed;
        JsonNode id = request.id().orElse(NullNode.instance);
        ControlMethod method = methods.get(request.method());
        if (method == null) {
            reply(request, JsonRpc.error(id, new ControlError(ControlError.METHOD_NOT_FOUND,
                    "unknown method '" + request.method() + "'")));
            return;
        }
        CompletionStage<? extends JsonNode> result;
        try {
            result = method.call(request.params(), notifier(id));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((value, failure) -> reply(request,
                failure == null ? JsonRpc.result(id, value) : JsonRpc.error(id, toError(request.method(), failure))));
    }

    private void reply(JsonRpc.Request request, String line) {
        if (request.id().isPresent()) {
            send(line);
        }
    }

    private Notifier notifier(JsonNode id) {
        return new Notifier() {
            @Override
            public void notify(String method, ObjectNode params) {
                String line = JsonRpc.notification(method, id, params);
                if (pending.get() + line.length() > MAX_PENDING) {
                    LOG.warn("a control client left {} MiB of {} notifications unread; disconnecting it",
                            pending.get() >> 20, method);
                    close();
                    return;
                }
                send(line);
            }

            @Override
            public void onClose(Runnable action) {
                closeActions.add(action);
                if (closed && closeActions.remove(action)) {
                    action.run();
                }
            }

            @Override
            public CompletionStage<Void> written() {
                CompletableFuture<Void> marker = new CompletableFuture<>();
                outgoing.add(marker);
                if (closed) {
                    failMarkers();
                }
                return marker;
            }
        };
    }

    /** The connection is closed: whoever waits for lines to be written waits no more. */
    private void failMarkers() {
        for (Object item : outgoing) {
            if (item instanceof CompletableFuture<?> marker && outgoing.remove(marker)) {
                marker.completeExceptionally(new IOException("the client closed the connection"));
            }
        }
    }

    private static ControlError toError(String method, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ControlError error) {
            return error;
        }
        if (cause instanceof TimeoutException) {
            return new ControlError(ControlError.TIMEOUT, method + ": the daemon did not answer in time; try again");
        }
        LOG.error("control method {} failed", method, cause);
        return new ControlError(ControlError.INTERNAL_ERROR, method + " failed inside the daemon: "
                + cause.getClass().getSimpleName() + "; see the daemon log");
    }

    private void send(String line) {
        if (!closed) {
            pending.addAndGet(line.length());
            outgoing.add(line);
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Object item = outgoing.take();
                if (item == CLOSE) {
                    break;
                }
                if (item instanceof CompletableFuture<?> marker) {
                    marker.complete(null);
                    continue;
                }
                String line = (String) item;
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(line + "\n");
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                pending.addAndGet(-line.length());
            }
        } catch (IOException e) {
            LOG.debug("control connection write failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        written.countDown();
        close();
    }
}
