package dev.xmppd.daemon.net;

/**
 * One place to try to connect: a host and port, and whether TLS starts at once (XEP-0368 direct TLS) or
 * by STARTTLS (RFC 6120 §5).
 */
public record ServerEndpoint(String host, int port, boolean directTls) {

    public static final int DEFAULT_PORT = 5222;

    @Override
    public String toString() {
        return host + ":" + port + (directTls ? " (direct TLS)" : "");
    }
}
