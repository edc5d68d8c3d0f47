package dev.xmppd.daemon.net;

import dev.xmppd.protocol.xml.Element;
import java.time.Instant;
import java.util.Optional;

/**
 * Receives every top-level piece of XML sent or received on a stream (headers, stanzas, nonzas), for
 * tests and the XML console. SASL payloads arrive already masked. Called on a Netty event loop: an
 * implementation must be quick and must not block.
 */
@FunctionalInterface
public interface Transcript {

    Transcript NONE = entry -> { };

    void record(Entry entry);

    enum Direction { SENT, RECEIVED }

    /** {@code element} is empty for stream headers and closes, which are not elements. */
    record Entry(Direction direction, String xml, Optional<Element> element, Instant at) {
    }
}
