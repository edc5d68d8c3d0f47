package dev.xmppd.protocol.fuzz;

import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns fuzzer bytes into what the parsers under test see: the top-level elements of a client stream whose
 * header is fixed and whose body is the fuzzer's bytes, read by the real {@link StreamReader}. The fuzzer
 * spends its effort on the elements, not on rediscovering a stream header.
 */
final class FuzzInput {

    private static final byte[] HEADER = ("<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>").getBytes(StandardCharsets.UTF_8);

    private FuzzInput() {
    }

    /** Every complete top-level element the reader hands out for {@code body} (none after a failure). */
    static List<Element> elements(byte[] body) {
        StreamReader reader = new StreamReader();
        List<StreamEvent> events = new ArrayList<>(reader.feed(HEADER, 0, HEADER.length));
        events.addAll(reader.feed(body, 0, body.length));
        List<Element> elements = new ArrayList<>();
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.ElementReceived(Element element)) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The element and all its descendants, depth first. */
    static List<Element> subtree(Element root) {
        List<Element> all = new ArrayList<>();
        List<Element> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Element next = pending.removeLast();
            all.add(next);
            pending.addAll(next.elements());
        }
        return all;
    }
}
