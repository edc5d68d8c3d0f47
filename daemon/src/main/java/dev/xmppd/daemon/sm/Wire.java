package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.net.Connection;
import dev.xmppd.protocol.xml.Element;

/** Where {@link StreamManagement} writes: the account's current connection (a seam for tests). */
public interface Wire {

    void send(Element element);

    /** Closes our stream politely after what was sent (RFC 6120 §4.4). */
    void close();

    /** Drops the connection at once, without closing the stream: the server may keep the session for resumption. */
    void abort();

    static Wire of(Connection connection) {
        return new Wire() {
            @Override
            public void send(Element element) {
                connection.send(element);
            }

            @Override
            public void close() {
                connection.close();
            }

            @Override
            public void abort() {
                connection.abort();
            }
        };
    }
}
