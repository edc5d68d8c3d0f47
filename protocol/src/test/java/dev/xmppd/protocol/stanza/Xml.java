package dev.xmppd.protocol.stanza;

import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.Node;
import dev.xmppd.protocol.xml.Text;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import dev.xmppd.protocol.xml.XmlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: top-level XML snippets in a client stream → elements, through the real StreamReader. */
public final class Xml {

    private static final String HEADER = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    private Xml() {
    }

    /** Every top-level element of the snippet, in order. */
    public static List<Element> all(String snippet) {
        byte[] bytes = (HEADER + snippet + "</stream:stream>").getBytes(StandardCharsets.UTF_8);
        StreamReader reader = new StreamReader();
        List<StreamEvent> events = new ArrayList<>(reader.feed(bytes, 0, bytes.length));
        events.addAll(reader.endOfInput());
        List<Element> elements = new ArrayList<>();
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.ElementReceived(Element element)) {
                elements.add(element);
            } else if (event instanceof StreamEvent.StreamFailed failed) {
                throw new AssertionError("fixture is not valid XML: " + failed);
            }
        }
        return elements;
    }

    /** The single top-level element of the snippet. */
    public static Element parse(String snippet) {
        List<Element> elements = all(snippet);
        if (elements.size() != 1) {
            throw new AssertionError("expected one element, got " + elements.size());
        }
        return elements.getFirst();
    }

    /** A fixture file under src/test/resources, relative to {@code anchor}'s package. */
    public static Element fixture(Class<?> anchor, String name) {
        return parse(resource(anchor, name));
    }

    public static String resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name + " next to " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The element as the stream would carry it (jabber:client default namespace). */
    public static String write(Element element) {
        return XmlWriter.write(element, Stanza.NAMESPACE);
    }

    /** Round trip: written and read back through the real reader. */
    public static Element reparse(Element element) {
        return parse(write(element));
    }

    /** Drops indentation-only text so a pretty-printed fixture compares equal to a built element. */
    public static Element compact(Element e) {
        Element.Builder b = Element.builder(e.name(), e.namespace());
        e.attributes().forEach(b::attribute);
        for (Node node : e.children()) {
            if (node instanceof Element child) {
                b.child(compact(child));
            } else if (node instanceof Text t && !t.value().isBlank()) {
                b.child(t);
            }
        }
        return b.build();
    }
}
