package dev.xmppd.daemon.net;

import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.Node;
import dev.xmppd.protocol.xml.StreamErrorCondition;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import dev.xmppd.protocol.xml.Text;
import dev.xmppd.protocol.xml.XmlWriter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * One TCP connection to a server, as a Netty channel: optional TLS (direct, or later by STARTTLS), bytes
 * through a {@link StreamReader} (a fresh one at every stream restart, RFC 6120 §4.3.3), elements out
 * through {@link XmlWriter}. It knows nothing of the login: it reports what it reads to a {@link Listener}
 * and sends what it is told. All methods are thread-safe; the listener is called on the channel's event loop.
 */
public final class Connection {

    private static final String CONTENT_NAMESPACE = "jabber:client";
    private static final String SASL_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static final Set<String> SASL_SECRETS = Set.of("auth", "response", "challenge", "success");
    /** XEP-0368 §3: the ALPN protocol name of client-to-server XMPP. */
    static final String ALPN_XMPP_CLIENT = "xmpp-client";
    private static final String SASL2_NAMESPACE = "urn:xmpp:sasl:2";
    private static final Set<String> SASL2_SECRETS = Set.of("initial-response", "additional-data");
    private static final String FAST_NAMESPACE = "urn:xmpp:fast:0";
    /** How long {@link #close()} waits for the server's {@code </stream:stream>}. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** Receives what happens on the connection, on the event loop: forward and return (no blocking). */
    public interface Listener {
        void onStreamEvent(StreamEvent event);

        /** The channel closed; {@code cause} says why when it was not a clean close. */
        void onClosed(Optional<Throwable> cause);
    }

    private final Channel channel;
    private final ServerEndpoint endpoint;
    private final String domain;
    private final CertificateTrust trust;
    private final Transcript transcript;
    private final Clock clock;
    private volatile Optional<TlsSession> tls = Optional.empty();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Touched only on the event loop. */
    private StreamReader reader = new StreamReader();

    private Connection(Channel channel, ServerEndpoint endpoint, String domain, CertificateTrust trust,
                       Transcript transcript, Clock clock) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.domain = domain;
        this.trust = trust;
        this.transcript = transcript;
        this.clock = clock;
        channel.closeFuture().addListener(f -> closed.complete(null));
    }

    /**
     * Connects to one endpoint; with direct TLS the stage completes once the handshake verified the
     * server. Failures are {@link ConnectFailure}s.
     */
    public static CompletionStage<Connection> open(EventLoops loops, ServerEndpoint endpoint, String domain,
                                                   CertificateTrust trust, Listener listener,
                                                   Transcript transcript, Clock clock, Duration timeout) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Connection[] holder = new Connection[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(loops.socketChannel())
                .resolver(loops.addressResolvers())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Connection connection = new Connection(ch, endpoint, domain, trust, transcript, clock);
                        holder[0] = connection;
                        ch.pipeline().addLast("xmpp", connection.new Inbound(listener));
                    }
                });
        bootstrap.connect(endpoint.host(), endpoint.port()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(ConnectFailure.classify(f.cause(), endpoint));
                return;
            }
            Connection connection = holder[0];
            if (!endpoint.directTls()) {
                result.complete(connection);
                return;
            }
            connection.installTls().whenComplete((session, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(connection);
                }
            });
        });
        return result;
    }

    public ServerEndpoint endpoint() {
        return endpoint;
    }

    public Optional<TlsSession> tls() {
        return tls;
    }

    /** Starts TLS after {@code <proceed/>} (RFC 6120 §5.4.3.3); completes when the server is verified. */
    public CompletionStage<TlsSession> startTls() {
        return installTls();
    }

    private CompletionStage<TlsSession> installTls() {
        CompletableFuture<TlsSession> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            SslHandler ssl;
            try {
                // The XMPP domain, not the SRV target, is the reference identity (RFC 7590 §3.2, RFC 6125).
                ssl = trust.clientContext().newHandler(channel.alloc(), domain, endpoint.port());
            } catch (SSLException | IllegalArgumentException e) {
                result.completeExceptionally(new ConnectFailure(ConnectFailure.Kind.CERTIFICATE_INVALID,
                        "cannot use the trusted certificate settings: " + e.getMessage(), e));
                return;
            }
            ssl.engine().setSSLParameters(xmppParameters(ssl.engine().getSSLParameters(), domain, endpoint.directTls()));
            ssl.setHandshakeTimeout(20, TimeUnit.SECONDS);
            channel.pipeline().addFirst("tls", ssl);
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    TlsSession session = TlsSession.of(ssl.engine().getSession());
                    tls = Optional.of(session);
                    result.complete(session);
                } else {
                    result.completeExceptionally(ConnectFailure.classify(f.cause(), endpoint));
                }
            });
        });
        return result;
    }

    /**
     * SNI names the XMPP domain, not the SRV target (XEP-0368 §3, RFC 6125); on a direct-TLS port ALPN says
     * {@code xmpp-client}, so a server sharing the port with other protocols (say HTTPS on 443) knows what we speak.
     */
    static SSLParameters xmppParameters(SSLParameters parameters, String domain, boolean directTls) {
        // RFC 6066 §3: no address literals in SNI; for those (and names SNI cannot carry) the JDK's default stands.
        String bare = domain.startsWith("[") && domain.endsWith("]") ? domain.substring(1, domain.length() - 1) : domain;
        if (!NetUtil.isValidIpV4Address(bare) && !NetUtil.isValidIpV6Address(bare)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(domain)));
            } catch (IllegalArgumentException e) {
                // Not a name SNI can carry.
            }
        }
        if (directTls) {
            parameters.setApplicationProtocols(new String[] {ALPN_XMPP_CLIENT});
        }
        return parameters;
    }

    /** Opens (or restarts) our stream: a fresh reader for the server's new stream, then our header. */
    public void openStream(Map<String, String> headerAttributes) {
        String header = XmlWriter.streamHeader(headerAttributes, CONTENT_NAMESPACE);
        channel.eventLoop().execute(() -> {
            reader = new StreamReader();
            write(header, Optional.empty());
        });
    }

    public void send(Element element) {
        write(XmlWriter.write(element, CONTENT_NAMESPACE), Optional.of(element));
    }

    public void send(List<Element> elements) {
        elements.forEach(this::send);
    }

    /**
     * Closes our stream (RFC 6120 §4.4): sends {@code </stream:stream>}, then waits for the server's close (it may
     * still be sending stanzas, which we read) at most {@link #CLOSE_WAIT} before dropping the socket. Anything sent
     * after this is dropped. Idempotent; the stage completes when the socket is closed.
     */
    public CompletionStage<Void> close() {
        if (closing.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                if (!channel.isActive()) {
                    channel.close();
                    return;
                }
                String close = XmlWriter.streamClose();
                transcript.record(new Transcript.Entry(Transcript.Direction.SENT, close, Optional.empty(),
                        clock.instant()));
                channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), close))
                        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                channel.eventLoop().schedule(() -> channel.close(), CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
        return closed;
    }

    /**
     * RFC 6120 §4.9.1.1: the side that finds the stream broken (restricted XML, not well-formed, too big, too deep)
     * says why with a stream error, closes its stream and then the connection; nothing after it is read.
     */
    private void sendStreamError(StreamErrorCondition condition) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Element error = Element.builder("error", StreamReader.STREAMS_NAMESPACE)
                .child(Element.builder(condition.elementName(), StreamErrorCondition.NAMESPACE).build())
                .build();
        String xml = XmlWriter.write(error, CONTENT_NAMESPACE) + XmlWriter.streamClose();
        transcript.record(new Transcript.Entry(Transcript.Direction.SENT, xml, Optional.of(error), clock.instant()));
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Drops the socket without a goodbye (after a stream error or a protocol violation). */
    public void abort() {
        channel.close();
    }

    private void write(String xml, Optional<Element> element) {
        if (closing.get()) {
            return;
        }
        if (transcript.active()) {
            transcript.record(new Transcript.Entry(Transcript.Direction.SENT, element.map(Connection::mask)
                    .map(e -> XmlWriter.write(e, CONTENT_NAMESPACE)).orElse(xml), element.map(Connection::mask),
                    clock.instant()));
        }
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml));
    }

    /**
     * Hides SASL payloads (RFC 6120 §6.4, XEP-0388): they carry password proofs or, for PLAIN, the password; and
     * the FAST token a SASL2 success hands out (XEP-0484).
     */
    static Element mask(Element element) {
        if (element.namespace().equals(SASL2_NAMESPACE)) {
            return maskSasl2(element);
        }
        if (!element.namespace().equals(SASL_NAMESPACE) || !SASL_SECRETS.contains(element.name())
                || element.text().isEmpty()) {
            return element;
        }
        return new Element(element.name(), element.namespace(), element.attributes(), List.of(new Text("***")));
    }

    private static Element maskSasl2(Element element) {
        if (element.name().equals("challenge") || element.name().equals("response")) {
            return element.text().isEmpty() ? element
                    : new Element(element.name(), element.namespace(), element.attributes(), List.of(new Text("***")));
        }
        List<Node> children = element.children().stream().map(node -> switch (node) {
            case Element child when child.namespace().equals(SASL2_NAMESPACE)
                    && SASL2_SECRETS.contains(child.name()) ->
                    new Element(child.name(), child.namespace(), child.attributes(), List.of(new Text("***")));
            case Element child when child.is("token", FAST_NAMESPACE) -> child.withAttribute("token", "***");
            default -> node;
        }).toList();
        return new Element(element.name(), element.namespace(), element.attributes(), children);
    }

    private final class Inbound extends SimpleChannelInboundHandler<ByteBuf> {
        private final Listener listener;
        private Throwable failure;

        Inbound(Listener listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf bytes) {
            for (StreamEvent event : reader.feed(bytes.nioBuffer())) {
                transcribe(event);
                if (event instanceof StreamEvent.StreamFailed failed) {
                    sendStreamError(failed.condition());
                }
                listener.onStreamEvent(event);
                if (event instanceof StreamEvent.StreamClosed && closing.get()) {
                    // The server answered our close: the stream is over in both directions.
                    ctx.close();
                }
            }
        }

        private void transcribe(StreamEvent event) {
            if (!transcript.active()) {
                return;
            }
            String xml = switch (event) {
                case StreamEvent.ElementReceived received -> XmlWriter.write(mask(received.element()), CONTENT_NAMESPACE);
                case StreamEvent.StreamOpened opened -> "<stream:stream " + opened.attributes() + ">";
                case StreamEvent.StreamClosed closed -> "</stream:stream>";
                case StreamEvent.StreamFailed failed -> "<!-- unreadable input: " + failed.detail() + " -->";
            };
            Optional<Element> element = event instanceof StreamEvent.ElementReceived r
                    ? Optional.of(mask(r.element())) : Optional.empty();
            transcript.record(new Transcript.Entry(Transcript.Direction.RECEIVED, xml, element, clock.instant()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            listener.onClosed(Optional.ofNullable(failure));
        }
    }
}
