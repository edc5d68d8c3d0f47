package dev.xmppd.daemon.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one small Netty event loop group every account shares (an always-on daemon holds many mostly idle
 * connections; a group per account would waste threads). Epoll where the native transport loads, NIO
 * otherwise. Owned by whoever creates it (the Guardian, or a test) and closed once at shutdown.
 */
public final class EventLoops implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean epoll;
    private final DnsNameResolver srvResolver;
    private final DnsAddressResolverGroup addressResolvers;

    private EventLoops(int threads, Optional<InetSocketAddress> nameServer) {
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.srvResolver = dnsBuilder(nameServer).eventLoop(group.next()).build();
        this.addressResolvers = new DnsAddressResolverGroup(dnsBuilder(nameServer));
    }

    /**
     * Netty's resolver: non-blocking (the JDK's InetAddress lookup would block an event loop), reads /etc/hosts.
     * The name servers and search list come from /etc/resolv.conf unless one name server is given: then it
     * alone is asked, and without the system's search list (meant for the system's name servers).
     */
    private DnsNameResolverBuilder dnsBuilder(Optional<InetSocketAddress> nameServer) {
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder()
                .datagramChannelType(datagramChannel())
                .socketChannelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .queryTimeoutMillis(3_000);
        nameServer.ifPresent(address -> builder
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(address))
                .searchDomains(List.of()));
        return builder;
    }

    /** Two threads carry hundreds of idle XMPP streams; TLS and XML parsing are the only per-byte work. */
    public static EventLoops create() {
        return create(2);
    }

    public static EventLoops create(int threads) {
        return create(threads, Optional.empty());
    }

    /** With {@code nameServer}, every DNS query (SRV and host addresses) goes to that server only. */
    public static EventLoops create(int threads, Optional<InetSocketAddress> nameServer) {
        return new EventLoops(threads, nameServer);
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends Channel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** For SRV lookups (RFC 6120 §3.2.1). */
    public DnsNameResolver srvResolver() {
        return srvResolver;
    }

    /** For the Bootstrap, so that connecting to a host name never blocks an event loop. */
    public DnsAddressResolverGroup addressResolvers() {
        return addressResolvers;
    }

    public boolean nativeTransport() {
        return epoll;
    }

    @Override
    public void close() {
        srvResolver.close();
        addressResolvers.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
