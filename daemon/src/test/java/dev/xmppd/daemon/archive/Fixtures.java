package dev.xmppd.daemon.archive;

import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** XML fixtures of this package, read through the real StreamReader as top-level stanzas of a client stream. */
final class Fixtures {
    private static final String HEADER = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    private Fixtures() {
    }

    static Message message(String name) {
        return new Message(element(name));
    }

    static Element element(String name) {
        String xml;
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing fixture " + name);
            }
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(xml);
    }

    static Element parse(String xml) {
        byte[] bytes = (HEADER + xml + "</stream:stream>").getBytes(StandardCharsets.UTF_8);
        StreamReader reader = new StreamReader();
        List<StreamEvent> events = new ArrayList<>(reader.feed(bytes, 0, bytes.length));
        events.addAll(reader.endOfInput());
        return events.stream().filter(StreamEvent.ElementReceived.class::isInstance)
                .map(e -> ((StreamEvent.ElementReceived) e).element()).findFirst()
                .orElseThrow(() -> new AssertionError("no element in " + xml + ": " + events));
    }
}
