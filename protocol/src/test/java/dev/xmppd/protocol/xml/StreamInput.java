package dev.xmppd.protocol.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: feed bytes to a fresh {@link StreamReader} in various ways and collect every event. */
final class StreamInput {

    static final String CLIENT_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' from='conversations.im' to='d@conversations.im'"
            + " version='1.0' xml:lang='en' id='s1'>";
    static final String CLOSE = "</stream:stream>";

    private StreamInput() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A stanza-level snippet inside a complete stream. */
    static String inStream(String stanzas) {
        return CLIENT_HEADER + stanzas + CLOSE;
    }

    static List<StreamEvent> oneShot(byte[] bytes) {
        StreamReader reader = new StreamReader();
        List<StreamEvent> events = new ArrayList<>(reader.feed(bytes, 0, bytes.length));
        events.addAll(reader.endOfInput());
        return events;
    }

    static List<StreamEvent> oneShot(String xml) {
        return oneShot(utf8(xml));
    }

    static List<StreamEvent> splitAt(byte[] bytes, int split) {
        StreamReader reader = new StreamReader();
        List<StreamEvent> events = new ArrayList<>(reader.feed(bytes, 0, split));
        events.addAll(reader.feed(bytes, split, bytes.length - split));
        events.addAll(reader.endOfInput());
        return events;
    }

    static List<StreamEvent> byteByByte(byte[] bytes) {
        StreamReader reader = new StreamReader();
        List<StreamEvent> events = new ArrayList<>();
        byte[] one = new byte[1];
        for (byte b : bytes) {
            one[0] = b;
            events.addAll(reader.feed(one, 0, 1));
        }
        events.addAll(reader.endOfInput());
        return events;
    }

    static StreamEvent.StreamFailed failureOf(List<StreamEvent> events) {
        return events.stream()
                .filter(StreamEvent.StreamFailed.class::isInstance)
                .map(StreamEvent.StreamFailed.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no StreamFailed in " + events));
    }

    static List<Element> elementsOf(List<StreamEvent> events) {
        List<Element> elements = new ArrayList<>();
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.ElementReceived(Element element)) {
                elements.add(element);
            }
        }
        return elements;
    }

    static String resource(String path) {
        try (InputStream in = StreamInput.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
