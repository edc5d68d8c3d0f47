package dev.xmppd.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One client connection of a {@link ScriptedServer}, as the script sees it. The client's stream is split into its
 * top-level elements (the stream header and {@code </stream:stream>} count as elements), read on the script's own
 * virtual thread; while the script waits for something, IQ requests it is not waiting for get harmless answers
 * (empty roster and blocklist, a disco identity with {@link #discoFeatures}, an empty complete MAM query), so a
 * script only writes its hostile part.
 */
public final class ScriptedConnection implements AutoCloseable {

    /** The client closed the connection (or the server was closed under the script). */
    public static final class ClientGone extends RuntimeException {
        ClientGone() {
            super("the client closed the connection", null, false, false);
        }
    }

    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern STANZA = Pattern.compile("^<(message|presence|iq)\\b");
    private static final Pattern ACK_REQUEST = Pattern.compile("^<r\\b[^>]*urn:xmpp:sm:3");
    private static final Pattern IQ_REQUEST = Pattern.compile("^<iq\\b[^>]*\\btype=['\"](get|set)['\"]");

    private final ScriptedServer server;
    private final SSLContext tls;
    private final String domain;
    private final int number;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buffer = new byte[8192];
    private int length;
    private int scan;
    private int depth;
    private int elementStart = -1;
    private String boundJid = "";
    private long handled;
    private boolean answerAcks;
    private List<String> discoFeatures = List.of("urn:xmpp:carbons:2", "urn:xmpp:blocking", "urn:xmpp:mam:2",
            "urn:xmpp:ping");

    ScriptedConnection(ScriptedServer server, Socket socket, SSLContext tls, String domain, int number)
            throws IOException {
        this.server = server;
        this.tls = tls;
        this.domain = domain;
        this.number = number;
        use(socket);
    }

    /** 1 for the first client connection to this server, 2 for the next, ... */
    public int number() {
        return number;
    }

    public String domain() {
        return domain;
    }

    /** Whether the connection is encrypted already (direct TLS from the start, or after STARTTLS). */
    public boolean secure() {
        return socket instanceof SSLSocket;
    }

    /**
     * XEP-0198 §4 as the server counts: starts a count at {@code h} (0 for a new session, the acknowledged count for
     * a resumed one); every client stanza the script reads from now on (expected, answered or skipped) adds one.
     */
    public void countStanzasFrom(long h) {
        handled = h;
    }

    /** The count of {@link #countStanzasFrom}: the h this server would send in {@code <a/>} now. */
    public long stanzasHandled() {
        return handled;
    }

    /** From now on the client's {@code <r/>} met while waiting is answered with {@code <a h/>} of that count. */
    public void answerAcks() {
        answerAcks = true;
    }

    /** The full JID the script bound the client to (empty before bind). */
    public String boundJid() {
        return boundJid;
    }

    public void boundJid(String jid) {
        boundJid = jid;
    }

    /** The features the automatic disco#info answers list. */
    public void discoFeatures(List<String> features) {
        discoFeatures = List.copyOf(features);
    }

    /** Sends XML text as UTF-8. */
    public void send(String xml) {
        sendBytes(xml.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new ClientGone();
        }
    }

    /**
     * Waits for the client's next top-level element whose text matches {@code regex} (found anywhere in it) and
     * returns the match; IQ requests met on the way are answered automatically, other elements skipped.
     */
    public MatchResult expect(String regex) {
        Pattern pattern = Pattern.compile(regex, Pattern.DOTALL);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String element = next(Duration.ofNanos(deadline - System.nanoTime()), regex);
            Matcher matcher = pattern.matcher(element);
            if (matcher.find()) {
                return matcher.toMatchResult();
            }
            answer(element);
        }
    }

    /** Like {@link #expect} but returns the whole element. */
    public String expectElement(String regex) {
        Pattern pattern = Pattern.compile(regex, Pattern.DOTALL);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String element = next(Duration.ofNanos(deadline - System.nanoTime()), regex);
            if (pattern.matcher(element).find()) {
                return element;
            }
            answer(element);
        }
    }

    /** RFC 6120 §5.4.2.3: answers {@code <starttls/>} with proceed and does the server side of the handshake. */
    public void startTls() {
        expect("^<starttls\\b");
        send("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        upgradeToTls();
    }

    /**
     * Turns the socket into a TLS server socket now (nothing of the client's may be buffered). The handshake records
     * the client's SNI host name and the ALPN protocols it offered ({@link ScriptedServer#handshakes()}); ALPN
     * {@code xmpp-client} is accepted when offered (XEP-0368 §3).
     */
    public void upgradeToTls() {
        if (length > 0) {
            throw new AssertionError("the client sent data after <starttls/>: "
                    + new String(buffer, 0, length, StandardCharsets.UTF_8));
        }
        try {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            secure.setUseClientMode(false);
            List<String> offered = new ArrayList<>();
            secure.setHandshakeApplicationProtocolSelector((engine, protocols) -> {
                offered.addAll(protocols);
                return protocols.contains(ScriptedServer.ALPN_XMPP_CLIENT) ? ScriptedServer.ALPN_XMPP_CLIENT : "";
            });
            secure.startHandshake();
            List<String> names = secure.getSession() instanceof ExtendedSSLSession extended
                    ? extended.getRequestedServerNames().stream()
                            .map(n -> n instanceof SNIHostName host ? host.getAsciiName() : n.toString()).toList()
                    : List.of();
            server.handshake(new ScriptedServer.Handshake(number, names, offered, secure.getSession().getProtocol(),
                    Optional.ofNullable(secure.getApplicationProtocol()).orElse("")));
            use(secure);
        } catch (SocketException e) {
            throw new ClientGone();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The channel-binding data of this TLS connection as the server computes it: {@code tls-exporter} (RFC 9266, TLS
     * 1.3 keying material) or {@code tls-server-end-point} (RFC 5929 §4.1, the hash of our certificate).
     */
    public byte[] channelBinding(String type) {
        if (!(socket instanceof SSLSocket secure)) {
            throw new AssertionError("no TLS on connection " + number);
        }
        return ServerTls.channelBinding(secure.getSession(), type);
    }

    /** Answers nothing and waits for the client to close the connection, recording what it sends meanwhile. */
    public void stallUntilClosed() {
        while (true) {
            next(Duration.ofDays(1), "the client to close");
        }
    }

    /** Answers IQ requests (see the class comment) until the client closes the connection. */
    public void answerUntilClosed() {
        while (true) {
            answer(next(Duration.ofDays(1), "the client to close"));
        }
    }

    /** The value of attribute {@code name} on the element's start tag. */
    public static Optional<String> attribute(String element, String name) {
        int end = element.indexOf('>');
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=(['\"])(.*?)\\1")
                .matcher(end < 0 ? element : element.substring(0, end));
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    private void answer(String element) {
        if (answerAcks && ACK_REQUEST.matcher(element).find()) {
            send("<a xmlns='" + CannedLogin.SM + "' h='" + handled + "'/>");
            return;
        }
        Matcher request = IQ_REQUEST.matcher(element);
        if (!request.find()) {
            return;
        }
        String id = attribute(element, "id").orElse("");
        Optional<String> to = attribute(element, "to");
        String payload;
        if (element.contains("http://jabber.org/protocol/disco#info")) {
            StringBuilder info = new StringBuilder("<query xmlns='http://jabber.org/protocol/disco#info'>"
                    + "<identity category='server' type='im'/>");
            discoFeatures.forEach(f -> info.append("<feature var='").append(f).append("'/>"));
            payload = info.append("</query>").toString();
        } else if (element.contains("http://jabber.org/protocol/disco#items")) {
            payload = "<query xmlns='http://jabber.org/protocol/disco#items'/>";
        } else if (element.contains("jabber:iq:roster") && request.group(1).equals("get")) {
            payload = "<query xmlns='jabber:iq:roster'/>";
        } else if (element.contains("<blocklist")) {
            payload = "<blocklist xmlns='urn:xmpp:blocking'/>";
        } else if (element.contains("urn:xmpp:mam:2")) {
            payload = "<fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'>"
                    + "<count>0</count></set></fin>";
        } else {
            payload = "";
        }
        send("<iq type='result' id='" + id + "'" + to.map(t -> " from='" + t + "'").orElse("")
                + (boundJid.isEmpty() ? "" : " to='" + boundJid + "'") + ">" + payload + "</iq>");
    }

    private String next(Duration timeout, String waitingFor) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String element = split();
                if (element != null) {
                    if (STANZA.matcher(element).find()) {
                        handled++;
                    }
                    return element;
                }
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("connection " + number + ": timed out waiting for " + waitingFor);
                }
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    throw new ClientGone();
                }
                server.record(Arrays.copyOfRange(buffer, length, length + n), n);
                length += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection " + number + ": timed out waiting for " + waitingFor);
        } catch (IOException e) {
            throw new ClientGone();
        }
    }

    /** The next complete top-level element in the buffer, or null; the buffer keeps the rest. */
    private String split() {
        int i = scan;
        while (i < length) {
            if (depth == 0 && elementStart < 0) {
                if (buffer[i] != '<') {
                    i++;
                    continue; // whitespace between elements
                }
                elementStart = i;
            }
            if (buffer[i] != '<') {
                i++;
                continue;
            }
            int end = tagEnd(i);
            if (end < 0) {
                scan = i;
                return null;
            }
            String tag = new String(buffer, i, end + 1 - i, StandardCharsets.UTF_8);
            boolean emit;
            if (tag.startsWith("<?")) {
                if (depth == 0) {
                    elementStart = -1;
                }
                i = end + 1;
                continue;
            } else if (tag.startsWith("</")) {
                emit = depth == 0 || --depth == 0;
            } else if (tag.endsWith("/>")) {
                emit = depth == 0;
            } else if (depth == 0 && tag.startsWith("<stream:stream")) {
                emit = true;
            } else {
                depth++;
                emit = false;
            }
            i = end + 1;
            if (emit) {
                String element = new String(buffer, elementStart, i - elementStart, StandardCharsets.UTF_8);
                System.arraycopy(buffer, i, buffer, 0, length - i);
                length -= i;
                scan = 0;
                elementStart = -1;
                return element;
            }
        }
        scan = i;
        return null;
    }

    private int tagEnd(int start) {
        byte quote = 0;
        for (int i = start; i < length; i++) {
            byte b = buffer[i];
            if (quote != 0) {
                quote = b == quote ? 0 : quote;
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '>') {
                return i;
            }
        }
        return -1;
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = next.getInputStream();
        out = next.getOutputStream();
    }

    /** Drops the connection with a TCP reset (SO_LINGER 0) instead of a clean close. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
