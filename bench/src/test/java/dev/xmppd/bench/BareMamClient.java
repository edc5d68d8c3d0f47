package dev.xmppd.bench;

import dev.xmppd.protocol.ext.mam.MamFin;
import dev.xmppd.protocol.ext.mam.MamQuery;
import dev.xmppd.protocol.ext.rsm.PageRequest;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import dev.xmppd.protocol.xml.XmlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The baseline of the catch-up benchmark: a client that logs in (STARTTLS, SASL PLAIN, bind) and pages its whole
 * archive with MAM, RSM after the last id, the largest page the server gives, parsing every stanza with the same
 * StreamReader as xmppd and storing nothing. Blocking I/O, one page at a time, as simple as a client can be.
 */
final class BareMamClient implements AutoCloseable {
    private static final String STREAM = "http://etherx.jabber.org/streams";

    private final String domain;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private StreamReader reader;
    private final Deque<StreamEvent> events = new ArrayDeque<>();
    private final byte[] buffer = new byte[64 * 1024];

    /** What one full paging of the archive took. */
    record Run(long messages, int pages, long nanos) {
        double rate() {
            return messages / (nanos / 1e9);
        }
    }

    private BareMamClient(String domain) {
        this.domain = domain;
    }

    static BareMamClient login(String host, int port, String domain, Path certificatePem, String user, String password)
            throws Exception {
        BareMamClient client = new BareMamClient(domain);
        client.socket = new Socket(host, port);
        client.streams();
        client.open();
        client.element("features");
        client.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        client.element("proceed");
        SSLSocket tls = (SSLSocket) trusting(certificatePem).getSocketFactory()
                .createSocket(client.socket, domain, port, true);
        tls.startHandshake();
        client.socket = tls;
        client.streams();
        client.open();
        client.element("features");
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        client.element("success");
        client.open();
        client.element("features");
        client.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        client.element("iq");
        return client;
    }

    /** Pages the whole own archive; returns how many results came and how long it took. */
    Run pageAll(int pageSize) throws IOException {
        long start = System.nanoTime();
        long messages = 0;
        int pages = 0;
        Optional<String> after = Optional.empty();
        while (true) {
            String id = "page-" + pages;
            MamQuery.Builder query = MamQuery.builder().queryId("q" + pages);
            query.page(after.map(a -> PageRequest.after(a, OptionalInt.of(pageSize)))
                    .orElse(PageRequest.first(pageSize)));
            send(XmlWriter.write(Element.builder("iq", "jabber:client").attribute("type", "set").attribute("id", id)
                    .child(query.build().toElement()).build()));
            pages++;
            while (true) {
                Element e = next();
                if (e.name().equals("message") && e.child("result", MamQuery.NAMESPACE).isPresent()) {
                    messages++;
                } else if (e.name().equals("iq") && e.attribute("id").equals(Optional.of(id))) {
                    MamFin fin = MamFin.parse(new Iq(e)).orElseThrow(() -> new IOException("no fin: " + e));
                    if (fin.complete() || fin.page().last().isEmpty()) {
                        return new Run(messages, pages, System.nanoTime() - start);
                    }
                    after = fin.page().last();
                    break;
                }
            }
        }
    }

    private void streams() throws IOException {
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    private void open() throws IOException {
        reader = new StreamReader();
        events.clear();
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='" + STREAM + "' to='" + domain
                + "' version='1.0'>");
        while (true) {
            if (event() instanceof StreamEvent.StreamOpened) {
                return;
            }
        }
    }

    private Element element(String name) throws IOException {
        Element e = next();
        if (!e.name().equals(name)) {
            throw new IOException("expected <" + name + "/>, got " + XmlWriter.write(e));
        }
        return e;
    }

    private Element next() throws IOException {
        StreamEvent event = event();
        if (event instanceof StreamEvent.ElementReceived(Element e)) {
            return e;
        }
        throw new IOException("stream ended: " + event);
    }

    private StreamEvent event() throws IOException {
        while (events.isEmpty()) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            events.addAll(reader.feed(buffer, 0, n));
        }
        return events.poll();
    }

    private void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws IOException {
        send("</stream:stream>");
        socket.close();
    }
}
