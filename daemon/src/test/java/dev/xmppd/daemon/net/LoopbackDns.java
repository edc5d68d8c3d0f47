package dev.xmppd.daemon.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A tiny authoritative DNS server on a loopback UDP port, built on Netty's codec-dns, for tests of SRV and
 * host resolution. It serves the SRV and A records a test gives it, answers NODATA for a known name asked
 * with another type, NXDOMAIN for any other name, and remembers every question. {@link #silent} makes it
 * drop queries (still remembering them), to test resolver timeouts.
 */
public final class LoopbackDns implements AutoCloseable {

    /** One question as asked: the name without its trailing dot, lower case. */
    public record Question(String name, DnsRecordType type) {
    }

    private record Answer(DnsRecordType type, byte[] rdata) {
    }

    private static final long TTL_SECONDS = 60;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, List<Answer>> records = new ConcurrentHashMap<>();
    private final List<Question> questions = new CopyOnWriteArrayList<>();
    private final Channel channel;
    private volatile boolean silent;

    private LoopbackDns() {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Responder());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
    }

    public static LoopbackDns start() {
        return new LoopbackDns();
    }

    /** Where to send queries. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Publishes an SRV record (RFC 2782); {@code target} "." says the service is not offered. */
    public LoopbackDns srv(String name, int priority, int weight, int port, String target) {
        ByteBuf rdata = Unpooled.buffer();
        rdata.writeShort(priority).writeShort(weight).writeShort(port);
        writeName(rdata, target);
        return add(name, new Answer(DnsRecordType.SRV, bytes(rdata)));
    }

    /** Publishes an A record. */
    public LoopbackDns host(String name, Inet4Address address) {
        return add(name, new Answer(DnsRecordType.A, address.getAddress()));
    }

    /** From now on, drops every query without an answer (a dead or firewalled name server). */
    public LoopbackDns silent() {
        silent = true;
        return this;
    }

    public List<Question> questions() {
        return List.copyOf(questions);
    }

    private LoopbackDns add(String name, Answer answer) {
        records.computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>()).add(answer);
        return this;
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") && lower.length() > 1 ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Uncompressed wire-format name (RFC 1035 §3.1); "." is the root, a single zero byte. */
    private static void writeName(ByteBuf out, String name) {
        for (String label : key(name).split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                out.writeByte(bytes.length).writeBytes(bytes);
            }
        }
        out.writeByte(0);
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        buffer.release();
        return bytes;
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            if (question == null) {
                return;
            }
            String name = key(question.name());
            questions.add(new Question(name, question.type()));
            if (silent) {
                return;
            }
            List<Answer> known = records.get(name);
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id(),
                    query.opCode(), known == null ? DnsResponseCode.NXDOMAIN : DnsResponseCode.NOERROR);
            response.setAuthoritativeAnswer(true).setRecursionDesired(query.isRecursionDesired())
                    .setRecursionAvailable(true);
            response.addRecord(DnsSection.QUESTION, question);
            for (Answer answer : known == null ? List.<Answer>of() : known) {
                if (answer.type().equals(question.type())) {
                    response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), answer.type(),
                            TTL_SECONDS, Unpooled.wrappedBuffer(answer.rdata())));
                }
            }
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
