package dev.xmppd.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback TCP proxy between a client under test and a server, which a test can command to break the
 * connection the way networks do: {@link #cut()} both directions now (a reset, as when a NAT forgets the
 * connection), {@link #blackHole()} (nothing passes any more, yet nobody sees the socket close, as when a
 * Wi-Fi link dies), {@link #delay(Duration)} every chunk, or {@link #cutAfterBytes(long)} at an exact point,
 * e.g. in the middle of a stanza. Faults hit the connections open at the time; a client that reconnects
 * gets a healthy connection (except for a delay, which stays until changed).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(server.host(), server.starttlsPort())) {
 *     // point the client at proxy.host():proxy.port()
 *     proxy.cut();
 *     await().until(() -> proxy.connections() == 2);   // it came back
 * }
 * }</pre>
 *
 * <p>Each connection is pumped by two virtual threads with blocking sockets. A black-holed pump stops
 * reading, so what the peers send piles up in their socket buffers, as with a real dead link.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    /** Bytes left before an armed {@link #cutAfterBytes} fires; negative when disarmed. */
    private final AtomicLong cutBudget = new AtomicLong(-1);
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean closed;

    private FaultProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free loopback port and forwards every connection to {@code host:port}. */
    public static FaultProxy start(String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(listener, new InetSocketAddress(host, port));
            Thread.ofVirtual().name("fault-proxy-accept-" + listener.getLocalPort()).start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    /** The address clients connect to: {@code 127.0.0.1}. */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far (a client that reconnected counts again). */
    public int connections() {
        return accepted.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections broken by {@link #cut()} or {@link #cutAfterBytes} so far. */
    public int cuts() {
        return cuts.get();
    }

    /** Bytes passed on in both directions, over all connections. */
    public long bytesForwarded() {
        return forwarded.get();
    }

    /** Resets every open connection, both directions, at once; what was read and not yet passed on is lost. */
    public void cut() {
        List<Link> current = List.copyOf(links);
        current.forEach(Link::reset);
        if (!current.isEmpty()) {
            cuts.incrementAndGet();
        }
    }

    /** From now on nothing passes on the open connections in either direction; their sockets stay open. */
    public void blackHole() {
        links.forEach(Link::stall);
    }

    /** Holds every chunk this long before passing it on (open and future connections); zero for none. */
    public void delay(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + value);
        }
        delay = value;
    }

    /**
     * Cuts every open connection once {@code bytes} more bytes have been passed on (both directions
     * together): the chunk that crosses the mark is passed on only up to it. One shot.
     */
    public void cutAfterBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        cutBudget.set(bytes);
        if (bytes == 0) {
            cutBudget.set(-1);
            cut();
        }
    }

    /** Stops listening and resets every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        links.forEach(Link::reset);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Socket server = new Socket();
            try {
                server.connect(target, 5_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                // As a real network would: the client sees its connection dropped.
                resetQuietly(client);
                resetQuietly(server);
                continue;
            }
            Link link = new Link(client, server);
            links.add(link);
            link.start();
        }
    }

    /**
     * Counts a chunk of {@code size} bytes against an armed {@link #cutAfterBytes}: how many of its bytes may
     * pass before the cut, or -1 when the cut is not reached (or not armed) and the whole chunk passes.
     */
    private long admit(int size) {
        while (true) {
            long budget = cutBudget.get();
            if (budget < 0) {
                return -1;
            }
            if (size < budget) {
                if (cutBudget.compareAndSet(budget, budget - size)) {
                    return -1;
                }
            } else if (cutBudget.compareAndSet(budget, -1)) {
                return budget;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            if (!socket.isClosed()) {
                // SO_LINGER 0: close sends a reset at once, as a dropped connection does, not a polite FIN.
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One proxied connection: a pump per direction. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition released = lock.newCondition();
        private final AtomicInteger finishedPumps = new AtomicInteger();
        private boolean stalled;
        private boolean broken;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            String name = "fault-proxy-" + client.getPort();
            Thread.ofVirtual().name(name + "-up").start(() -> pump(client, server));
            Thread.ofVirtual().name(name + "-down").start(() -> pump(server, client));
        }

        void stall() {
            lock.lock();
            try {
                stalled = true;
            } finally {
                lock.unlock();
            }
        }

        void reset() {
            lock.lock();
            try {
                broken = true;
                released.signalAll();
            } finally {
                lock.unlock();
            }
            resetQuietly(client);
            resetQuietly(server);
            links.remove(this);
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (awaitFlowing()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        // A clean close passes on as a close of the other side's writing half.
                        to.shutdownOutput();
                        finished();
                        return;
                    }
                    if (!awaitFlowing() || !hold()) {
                        return;
                    }
                    long admitted = admit(n);
                    int passing = admitted < 0 ? n : (int) admitted;
                    out.write(buffer, 0, passing);
                    out.flush();
                    forwarded.addAndGet(passing);
                    if (admitted >= 0) {
                        cuts.incrementAndGet();
                        List.copyOf(links).forEach(Link::reset);
                        return;
                    }
                }
            } catch (IOException e) {
                // One peer reset its end (or we did): the other end sees a reset too, as on a real path.
                reset();
            }
        }

        private void finished() {
            if (finishedPumps.incrementAndGet() == 2) {
                closeQuietly(client);
                closeQuietly(server);
                links.remove(this);
            }
        }

        /** Waits while the link is black-holed; false once it is broken. */
        private boolean awaitFlowing() {
            lock.lock();
            try {
                while (stalled && !broken) {
                    released.awaitUninterruptibly();
                }
                return !broken;
            } finally {
                lock.unlock();
            }
        }

        /** Holds a chunk for the configured delay; false if the link broke meanwhile. */
        private boolean hold() {
            Duration wait = delay;
            if (wait.isZero()) {
                return true;
            }
            lock.lock();
            try {
                long nanos = wait.toNanos();
                while (nanos > 0 && !broken) {
                    nanos = released.awaitNanos(nanos);
                }
                return !broken;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + host() + ":" + port() + " → " + target.getHostString() + ":" + target.getPort()
                + ", " + accepted.get() + " connections, " + links.size() + " open]";
    }

}
