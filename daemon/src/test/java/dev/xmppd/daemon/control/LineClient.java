package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A raw newline-delimited client for tests: what goes over the socket is exactly what the test writes. */
final class LineClient implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    LineClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        out = Channels.newOutputStream(channel);
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line as JSON, or null at end of stream. */
    JsonNode read() throws IOException {
        String line = in.readLine();
        return line == null ? null : JsonRpc.MAPPER.readTree(line);
    }

    /**
     * True when the server closed the connection: end of stream, or a reset, which Linux reports instead of the end
     * when the server closed with bytes of ours still unread (the rest of an oversized line).
     */
    boolean closedByPeer() throws IOException {
        try {
            return in.readLine() == null;
        } catch (java.net.SocketException e) {
            return e.getMessage().contains("reset");
        }
    }

    JsonNode call(String line) throws IOException {
        send(line);
        return read();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
