package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Stands in for the daemon's end of the control socket, only to see what xmppctl sends and how it prints answers:
 * a real Unix socket, one request line per connection, answered with scripted lines. (The daemon's own behaviour is
 * tested in the daemon module, and end to end elsewhere.)
 */
final class ScriptedDaemon implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
    private final List<SocketChannel> held = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, List<String>> script = request -> List.of();
    private volatile boolean answer = true;

    private ScriptedDaemon(ServerSocketChannel server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    static ScriptedDaemon start(Path dir) throws IOException {
        Path socket = dir.resolve("control.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        ScriptedDaemon daemon = new ScriptedDaemon(server, socket);
        Thread.ofVirtual().name("scripted-daemon").start(daemon::acceptLoop);
        return daemon;
    }

    Path socket() {
        return socket;
    }

    /** Answers every call with this result. */
    ScriptedDaemon result(JsonNode result) {
        script = request -> {
            ObjectNode response = Json.object().put("jsonrpc", "2.0");
            response.set("id", request.get("id"));
            response.set("result", result);
            return List.of(response.toString());
        };
        return this;
    }

    /** Answers every call with this JSON-RPC error. */
    ScriptedDaemon error(int code, String message) {
        script = request -> {
            ObjectNode response = Json.object().put("jsonrpc", "2.0");
            response.set("id", request.get("id"));
            response.putObject("error").put("code", code).put("message", message);
            return List.of(response.toString());
        };
        return this;
    }

    /** Answers with these lines, whatever was asked. */
    ScriptedDaemon lines(String... lines) {
        script = request -> List.of(lines);
        return this;
    }

    /** Reads the request and never answers, keeping the connection open. */
    ScriptedDaemon silent() {
        answer = false;
        return this;
    }

    /** The next request xmppctl sent (xmppctl has returned by then, so it is already here). */
    JsonNode request() throws InterruptedException {
        JsonNode request = requests.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("xmppctl sent no request");
        }
        return request;
    }

    boolean noRequest() {
        return requests.isEmpty();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel channel : held) {
            channel.close();
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                if (serve(client)) {
                    client.close();
                } else {
                    held.add(client);
                }
            } catch (IOException e) {
                throw new IllegalStateException("scripted daemon failed", e);
            }
        }
    }

    /** Reads one request and answers it; false when the connection is to stay open without an answer. */
    private boolean serve(SocketChannel client) throws IOException {
        String line = readLine(client);
        if (line == null) {
            return true;
        }
        JsonNode request = Json.MAPPER.readTree(line);
        requests.add(request);
        if (!answer) {
            return false;
        }
        for (String out : script.apply(request)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(out + "\n");
            while (bytes.hasRemaining()) {
                client.write(bytes);
            }
        }
        return true;
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (client.read(one.clear()) > 0) {
            if (one.get(0) == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(one.get(0));
        }
        return null;
    }
}
