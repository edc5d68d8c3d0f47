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

    Transcript NONE = new Transcript() {
        @Override
        public void record(Entry entry) {
        }

        @Override
        public boolean active() {
            return false;
        }
    };

    void record(Entry entry);

    /**
     * Whether anyone reads the entries now. When not, the connection skips writing received stanzas out as XML for
     * the transcript (a cost per stanza on the event loop that nobody would see).
     */
    default boolean active() {
        return true;
    }

    enum Direction { SENT, RECEIVED }

    /** {@code element} is empty for stream headers and closes, which are not elements. */
    record Entry(Direction direction, String xml, Optional<Element> element, Instant at) {
    }
}
