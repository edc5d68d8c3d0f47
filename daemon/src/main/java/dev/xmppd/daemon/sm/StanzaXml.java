package dev.xmppd.daemon.sm;

import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import dev.xmppd.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Stanzas as stored text: written as on the wire ({@code jabber:client} in scope), read back with the stream reader. */
final class StanzaXml {

    private static final String CONTENT = "jabber:client";
    private static final String HEADER = "<stream:stream xmlns='" + CONTENT + "' xmlns:stream='"
            + StreamReader.STREAMS_NAMESPACE + "'>";

    private StanzaXml() {
    }

    static String write(Element stanza) {
        return XmlWriter.write(stanza, CONTENT);
    }

    /** The stanzas in order; throws IllegalArgumentException when one is not readable. */
    static List<Element> read(List<String> xml) {
        StreamReader reader = new StreamReader();
        List<Element> out = new ArrayList<>(xml.size());
        collect(reader.feed(HEADER.getBytes(StandardCharsets.UTF_8), 0, HEADER.length()), out);
        for (String stanza : xml) {
            byte[] bytes = stanza.getBytes(StandardCharsets.UTF_8);
            collect(reader.feed(bytes, 0, bytes.length), out);
        }
        if (out.size() != xml.size()) {
            throw new IllegalArgumentException("read " + out.size() + " of " + xml.size() + " stored stanzas");
        }
        return out;
    }

    private static void collect(List<StreamEvent> events, List<Element> out) {
        for (StreamEvent event : events) {
            switch (event) {
                case StreamEvent.ElementReceived(Element e) -> out.add(e);
                case StreamEvent.StreamFailed failed -> throw new IllegalArgumentException(failed.detail());
                default -> {
                }
            }
        }
    }
}
