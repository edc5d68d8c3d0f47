package dev.xmppd.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy against a plain TCP server: it forwards, counts, and breaks connections as commanded. */
class FaultProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Target target = new Target();
    private final FaultProxy proxy = FaultProxy.start(target.host(), target.port());

    @AfterEach
    void stop() {
        proxy.close();
        target.close();
    }

    @Test
    void forwardsBothWaysAndCountsConnections() throws IOException {
        try (Socket first = connect(); Socket second = connect()) {
            assertThat(echo(first, "hello")).isEqualTo("hello");
            assertThat(echo(second, "world")).isEqualTo("world");
            assertThat(proxy.connections()).isEqualTo(2);
            assertThat(proxy.openConnections()).isEqualTo(2);
            Awaitility.await().atMost(WAIT).until(() -> proxy.bytesForwarded() == 20);
        }
        Awaitility.await().atMost(WAIT).until(() -> proxy.openConnections() == 0);
        assertThat(proxy.cuts()).isZero();
    }

    @Test
    void cutResetsBothEndsAndTheClientCanComeBack() throws IOException {
        try (Socket client = connect()) {
            assertThat(echo(client, "before")).isEqualTo("before");
            Awaitility.await().atMost(WAIT).until(() -> target.accepted.size() == 1);

            proxy.cut();

            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(proxy.openConnections()).isZero();
            assertThat(endOfStream(client)).isTrue();
            assertThat(endOfStream(target.accepted.getFirst())).isTrue();
        }
        try (Socket again = connect()) {
            assertThat(echo(again, "after")).isEqualTo("after");
            assertThat(proxy.connections()).isEqualTo(2);
        }
    }

    @Test
    void blackHolePassesNothingYetKeepsTheSocketsOpen() throws IOException {
        try (Socket client = connect()) {
            assertThat(echo(client, "alive")).isEqualTo("alive");
            long received = target.bytesReceived.get();

            proxy.blackHole();
            client.getOutputStream().write("lost".getBytes(StandardCharsets.UTF_8));
            client.setSoTimeout(700);
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            assertThat(target.bytesReceived.get()).isEqualTo(received);
            assertThat(client.isClosed()).isFalse();
            assertThat(proxy.openConnections()).isEqualTo(1);
            try (Socket fresh = connect()) {
                assertThat(echo(fresh, "fresh connections are healthy")).isEqualTo("fresh connections are healthy");
            }

            proxy.cut();
            assertThat(endOfStream(client)).isTrue();
        }
    }

    @Test
    void delayHoldsEveryChunkInEachDirection() throws IOException {
        proxy.delay(Duration.ofMillis(300));
        try (Socket client = connect()) {
            long start = System.nanoTime();
            assertThat(echo(client, "slow")).isEqualTo("slow");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));

            proxy.delay(Duration.ZERO);
            long again = System.nanoTime();
            assertThat(echo(client, "fast")).isEqualTo("fast");
            assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(300));
        }
    }

    @Test
    void cutAfterBytesPassesExactlyThatManyBytesThenResets() throws IOException {
        // A server that talks first, so every byte through the proxy is counted in one direction.
        try (ServerSocket talker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             FaultProxy cutting = FaultProxy.start(talker.getInetAddress().getHostAddress(), talker.getLocalPort())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = talker.accept()) {
                    socket.getOutputStream().write(new byte[5000]);
                    socket.getInputStream().read();
                } catch (IOException e) {
                    // cut by the proxy
                }
            });
            cutting.cutAfterBytes(1234);
            try (Socket client = new Socket(cutting.host(), cutting.port())) {
                client.setSoTimeout((int) WAIT.toMillis());
                byte[] received = readUntilEnd(client);

                assertThat(cutting.bytesForwarded()).isEqualTo(1234);
                assertThat(cutting.cuts()).isEqualTo(1);
                assertThat(received.length).isLessThanOrEqualTo(1234);
            }
        }
    }

    @Test
    void anArmedCutWaitsForItsMarkAndFiresOnce() throws IOException {
        proxy.cutAfterBytes(10);
        try (Socket client = connect()) {
            assertThat(echo(client, "four")).isEqualTo("four");
            assertThat(proxy.cuts()).isZero();
            client.getOutputStream().write("0123456789".getBytes(StandardCharsets.UTF_8));
            readUntilEnd(client);
            assertThat(proxy.cuts()).isEqualTo(1);
        }
        try (Socket again = connect()) {
            assertThat(echo(again, "the cut was one shot")).isEqualTo("the cut was one shot");
            assertThat(proxy.cuts()).isEqualTo(1);
        }
    }

    @Test
    void aCleanCloseIsPassedOn() throws IOException {
        Socket client = connect();
        assertThat(echo(client, "bye")).isEqualTo("bye");
        client.shutdownOutput();
        assertThat(endOfStream(client)).isTrue();
        client.close();
        Awaitility.await().atMost(WAIT).until(() -> proxy.openConnections() == 0);
        assertThat(proxy.cuts()).isZero();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.host(), proxy.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static String echo(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }

    /** True when the stream ends (EOF or reset) within the socket's timeout. */
    private static boolean endOfStream(Socket socket) {
        try {
            socket.setSoTimeout((int) WAIT.toMillis());
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] readUntilEnd(Socket socket) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was not cut", e);
        } catch (IOException e) {
            // reset: the end
        }
        return bytes.toByteArray();
    }

    /** An echo server on loopback that remembers its accepted sockets and counts bytes. */
    private static final class Target implements AutoCloseable {
        final ServerSocket listener;
        final CopyOnWriteArrayList<Socket> accepted = new CopyOnWriteArrayList<>();
        final AtomicLong bytesReceived = new AtomicLong();

        Target() {
            try {
                listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().start(this::serve);
        }

        String host() {
            return listener.getInetAddress().getHostAddress();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    accepted.add(socket);
                    Thread.ofVirtual().start(() -> echo(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void echo(Socket socket) {
            byte[] buffer = new byte[1024];
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytesReceived.addAndGet(n);
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the proxy cut us
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
