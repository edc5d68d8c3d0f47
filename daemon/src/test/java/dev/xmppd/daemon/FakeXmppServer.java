package dev.xmppd.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP "server" speaking just enough XMPP to offer chosen stream features and one chosen answer to
 * {@code <starttls/>}, for tests of what the daemon must refuse. It records every byte any client sent, so a
 * test can prove the daemon never sent credentials in the clear. Each connection runs on a virtual thread.
 */
final class FakeXmppServer implements AutoCloseable {

    static final String PLAIN_ONLY = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    static final String STARTTLS_AND_PLAIN = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
            + "<required/></starttls><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    /** RFC 6120 §5.4.2.2: the server answers with failure and closes the stream. */
    static final String TLS_FAILURE = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>";

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' id='fake' from='localhost' version='1.0' xml:lang='en'>";

    private final ServerSocket listener;
    private final String features;
    private final Optional<String> answerToStartTls;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    private FakeXmppServer(ServerSocket listener, String features, Optional<String> answerToStartTls) {
        this.listener = listener;
        this.features = features;
        this.answerToStartTls = answerToStartTls;
    }

    /** Offers {@code features}; answers {@code <starttls/>} with {@code answerToStartTls}, or never when empty. */
    static FakeXmppServer start(String features, Optional<String> answerToStartTls) {
        try {
            FakeXmppServer server = new FakeXmppServer(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()),
                    features, answerToStartTls);
            Thread.ofVirtual().name("fake-xmpp-accept").start(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String host() {
        return listener.getInetAddress().getHostAddress();
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** Everything clients sent, over all connections, as text. */
    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                clients.add(client);
                connections.incrementAndGet();
                Thread.ofVirtual().name("fake-xmpp-client").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        StringBuilder stream = new StringBuilder();
        boolean featuresSent = false;
        boolean answered = false;
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
                stream.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                int header = stream.indexOf("<stream:stream");
                if (!featuresSent && header >= 0 && stream.indexOf(">", header) > 0) {
                    out.write((HEADER + features).getBytes(StandardCharsets.UTF_8));
                    featuresSent = true;
                }
                if (!answered && stream.indexOf("<starttls") >= 0 && answerToStartTls.isPresent()) {
                    out.write(answerToStartTls.get().getBytes(StandardCharsets.UTF_8));
                    answered = true;
                    if (answerToStartTls.get().endsWith("</stream:stream>")) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // the client went away: what it sent is recorded
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
