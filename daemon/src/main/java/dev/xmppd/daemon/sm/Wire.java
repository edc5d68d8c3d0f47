package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.net.Connection;
import dev.xmppd.protocol.xml.Element;
import java.util.concurrent.CompletionStage;

/** Where {@link StreamManagement} writes: the account's current connection (a seam for tests). */
public interface Wire {

    void send(Element element);

    /** Closes our stream politely after what was sent (RFC 6120 §4.4); completes once the socket is closed. */
    CompletionStage<Void> close();

    /** Drops the connection at once, without closing the stream: the server may keep the session for resumption. */
    void abort();

    static Wire of(Connection connection) {
        return new Wire() {
            @Override
            public void send(Element element) {
                connection.send(element);
            }

            @Override
            public CompletionStage<Void> close() {
                return connection.close();
            }

            @Override
            public void abort() {
                connection.abort();
            }
        };
    }
}
