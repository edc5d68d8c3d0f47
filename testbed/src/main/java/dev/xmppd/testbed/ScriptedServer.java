package dev.xmppd.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A loopback XMPP "server" that plays a script against each client connection, for tests of what real servers never
 * do: malformed or hostile XML, forged stanzas, broken negotiation, stalls. The script is Java code driving a
 * {@link ScriptedConnection} (expect an element, send XML or bytes, upgrade to TLS, stall, close); canned prefixes
 * such as {@link CannedLogin#online} bring a client to the point where the hostile part starts. Everything every
 * client sent (decrypted) is recorded; a script's failure is kept for {@link #failures()}.
 */
public final class ScriptedServer implements AutoCloseable {

    /** XEP-0368 §3: the ALPN protocol of client-to-server XMPP on a direct-TLS port. */
    public static final String ALPN_XMPP_CLIENT = "xmpp-client";

    /**
     * One TLS handshake as the server saw it: the SNI host names the client sent, the ALPN protocols it offered, the
     * TLS version and the ALPN protocol chosen (empty when none).
     */
    public record Handshake(int connection, List<String> serverNames, List<String> alpnOffered, String protocol,
                            String alpnChosen) {
        public Handshake {
            serverNames = List.copyOf(serverNames);
            alpnOffered = List.copyOf(alpnOffered);
        }
    }

    /** What to do with one client connection. */
    @FunctionalInterface
    public interface Script {
        void play(ScriptedConnection connection) throws Exception;
    }

    private final ServerSocket listener;
    private final TestCertificate certificate;
    private final SSLContext tls;
    private final String domain;
    private final Script script;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    private final boolean directTls;

    private ScriptedServer(ServerSocket listener, TestCertificate certificate, String domain, Script script,
                           boolean directTls) {
        this.listener = listener;
        this.certificate = certificate;
        this.tls = ServerTls.context(certificate);
        this.domain = domain;
        this.script = script;
        this.directTls = directTls;
    }

    /**
     * Listens on loopback for {@code domain} ({@code localhost} for the certificate to match), with a fresh
     * certificate in {@code dir} ({@link #certificate()}) for STARTTLS, playing {@code script} on each connection.
     */
    public static ScriptedServer start(Path dir, Script script) {
        return start(dir, script, false);
    }

    /**
     * As {@link #start}, but a direct-TLS port (XEP-0368): each connection does the TLS handshake first, and the
     * script starts on the encrypted stream ({@link CannedLogin#tls} then skips STARTTLS).
     */
    public static ScriptedServer startDirectTls(Path dir, Script script) {
        return start(dir, script, true);
    }

    private static ScriptedServer start(Path dir, Script script, boolean directTls) {
        try {
            TestCertificate certificate = TestCertificate.generate(dir, "localhost");
            ScriptedServer server = new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    certificate, "localhost", script, directTls);
            Thread.ofVirtual().name("scripted-server-accept").start(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate STARTTLS presents (for {@code localhost}); clients trust its PEM file. */
    public TestCertificate certificate() {
        return certificate;
    }

    public String domain() {
        return domain;
    }

    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many clients connected so far. */
    public int connections() {
        return connections.get();
    }

    /** Everything clients sent, over all connections, as text (TLS decrypted). */
    public String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Assertion errors and exceptions of the scripts so far (a client that went away is not a failure). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** The TLS handshakes so far (STARTTLS and direct), in order. */
    public List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    void handshake(Handshake handshake) {
        handshakes.add(handshake);
    }

    void record(byte[] bytes, int length) {
        synchronized (received) {
            received.write(bytes, 0, length);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                clients.add(client);
                int number = connections.incrementAndGet();
                Thread.ofVirtual().name("scripted-server-" + number).start(() -> serve(client, number));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client, int number) {
        try (ScriptedConnection connection = new ScriptedConnection(this, client, tls, domain, number)) {
            if (directTls) {
                connection.upgradeToTls();
            }
            script.play(connection);
            connection.answerUntilClosed();
        } catch (ScriptedConnection.ClientGone gone) {
            // the client closed: what it sent is recorded
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
            for (Socket client : clients) {
                client.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
