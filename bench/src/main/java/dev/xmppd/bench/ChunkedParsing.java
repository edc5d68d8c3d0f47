package dev.xmppd.bench;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamEvent.ElementReceived;
import dev.xmppd.protocol.xml.StreamEvent.StreamClosed;
import dev.xmppd.protocol.xml.StreamEvent.StreamFailed;
import dev.xmppd.protocol.xml.StreamReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ways the benchmarks read a whole recorded stream, fed in chunks as a socket delivers them. Each
 * returns the number of top-level elements (children of {@code <stream:stream>}) and throws when the stream
 * is not read to its end without error, so a benchmark can never measure a parser that gave up early.
 */
public final class ChunkedParsing {

    /** Configured as {@link StreamReader} configures its own factory, so the baselines parse alike. */
    private static final AsyncXMLInputFactory FACTORY = newFactory();
    /** The depth of a top-level element: the stream root is depth 1. */
    private static final int TOP = 2;

    private ChunkedParsing() {
    }

    private static AsyncXMLInputFactory newFactory() {
        InputFactoryImpl factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory2.P_INTERN_NAMES, true);
        factory.setProperty(XMLInputFactory2.P_INTERN_NS_URIS, true);
        return factory;
    }

    /** xmppd's {@link StreamReader}: validated UTF-8, restricted XML, immutable {@code Element} trees. */
    public static int streamReader(byte[] stream, int chunkSize, Blackhole sink) {
        StreamReader reader = new StreamReader();
        int elements = 0;
        boolean closed = false;
        for (int offset = 0; offset < stream.length; offset += chunkSize) {
            for (StreamEvent event : reader.feed(stream, offset, Math.min(chunkSize, stream.length - offset))) {
                switch (event) {
                    case ElementReceived received -> {
                        elements++;
                        sink.consume(received.element());
                    }
                    case StreamFailed failed -> throw new IllegalStateException(
                            "StreamReader failed at element " + elements + ": " + failed.condition() + ", "
                                    + failed.detail());
                    case StreamClosed ignored -> closed = true;
                    case StreamEvent.StreamOpened opened -> sink.consume(opened);
                }
            }
        }
        if (!closed) {
            throw new IllegalStateException("StreamReader did not see </stream:stream>");
        }
        return elements;
    }

    /** Raw Aalto: pulls every event and looks at nothing but its type. The ceiling for any reader on Aalto. */
    public static int aaltoEvents(byte[] stream, int chunkSize) throws XMLStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> parser = FACTORY.createAsyncForByteArray();
        return countTopLevel(parser, new ArrayFeed(parser.getInputFeeder(), stream, chunkSize));
    }

    /**
     * As {@link #aaltoEvents}, but through Aalto's {@code ByteBuffer} feeder, the one {@link StreamReader}
     * uses (it reads Netty's buffers without copying): separates the feeder's cost from the reader's.
     */
    public static int aaltoEventsOnByteBuffer(byte[] stream, int chunkSize) throws XMLStreamException {
        AsyncXMLStreamReader<AsyncByteBufferFeeder> parser = FACTORY.createAsyncForByteBuffer();
        return countTopLevel(parser, new BufferFeed(parser.getInputFeeder(), stream, chunkSize));
    }

    private static int countTopLevel(AsyncXMLStreamReader<?> parser, Feed feed) throws XMLStreamException {
        int depth = 0;
        int elements = 0;
        try {
            while (true) {
                switch (parser.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth == TOP) {
                            elements++;
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    case AsyncXMLStreamReader.EVENT_INCOMPLETE -> feed.next();
                    case XMLStreamConstants.END_DOCUMENT -> {
                        return elements;
                    }
                    default -> {
                        // Text, whitespace, the XML declaration: the type is all the ceiling looks at.
                    }
                }
            }
        } finally {
            parser.close();
        }
    }

    /**
     * Raw Aalto building a minimal mutable tree per top-level element (names, namespaces, attribute pairs,
     * text strings) with none of StreamReader's checks: what the tree itself costs.
     */
    public static int aaltoTree(byte[] stream, int chunkSize, Blackhole sink) throws XMLStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> parser = FACTORY.createAsyncForByteArray();
        Feed feed = new ArrayFeed(parser.getInputFeeder(), stream, chunkSize);
        ArrayList<TreeNode> open = new ArrayList<>();
        int depth = 0;
        int elements = 0;
        try {
            while (true) {
                switch (parser.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth >= TOP) {
                            TreeNode node = new TreeNode(parser.getLocalName(), parser.getNamespaceURI(),
                                    attributes(parser));
                            if (depth > TOP) {
                                open.getLast().children.add(node);
                            }
                            open.add(node);
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth-- >= TOP) {
                            TreeNode node = open.removeLast();
                            if (depth < TOP) {
                                elements++;
                                sink.consume(node);
                            }
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA -> {
                        if (depth >= TOP) {
                            open.getLast().children.add(parser.getText());
                        }
                    }
                    case AsyncXMLStreamReader.EVENT_INCOMPLETE -> feed.next();
                    case XMLStreamConstants.END_DOCUMENT -> {
                        return elements;
                    }
                    default -> {
                        // The XML declaration: nothing to keep.
                    }
                }
            }
        } finally {
            parser.close();
        }
    }

    private static String[] attributes(AsyncXMLStreamReader<?> parser) {
        int count = parser.getAttributeCount();
        String[] pairs = new String[count * 2];
        for (int i = 0; i < count; i++) {
            pairs[2 * i] = parser.getAttributeLocalName(i);
            pairs[2 * i + 1] = parser.getAttributeValue(i);
        }
        return pairs;
    }

    /** The minimal tree of {@link #aaltoTree}: children are {@code TreeNode}s and text {@code String}s. */
    private static final class TreeNode {
        final String name;
        final String namespace;
        final String[] attributes;
        final List<Object> children = new ArrayList<>(4);

        TreeNode(String name, String namespace, String[] attributes) {
            this.name = name;
            this.namespace = namespace;
            this.attributes = attributes;
        }
    }

    /** Hands the stream to Aalto one chunk at a time, then signals the end of input. */
    private abstract static class Feed {
        private final int length;
        private final int chunkSize;
        private int offset;
        private boolean ended;

        Feed(int length, int chunkSize) {
            this.length = length;
            this.chunkSize = chunkSize;
        }

        final void next() throws XMLStreamException {
            if (offset < length) {
                int size = Math.min(chunkSize, length - offset);
                feed(offset, size);
                offset += size;
            } else if (ended) {
                throw new IllegalStateException("the input ended before </stream:stream>");
            } else {
                endOfInput();
                ended = true;
            }
        }

        abstract void feed(int offset, int size) throws XMLStreamException;

        abstract void endOfInput();
    }

    private static final class ArrayFeed extends Feed {
        private final AsyncByteArrayFeeder feeder;
        private final byte[] stream;

        ArrayFeed(AsyncByteArrayFeeder feeder, byte[] stream, int chunkSize) {
            super(stream.length, chunkSize);
            this.feeder = feeder;
            this.stream = stream;
        }

        @Override
        void feed(int offset, int size) throws XMLStreamException {
            feeder.feedInput(stream, offset, size);
        }

        @Override
        void endOfInput() {
            feeder.endOfInput();
        }
    }

    /** Feeds zero-based slices of a heap buffer, as {@link StreamReader} does. */
    private static final class BufferFeed extends Feed {
        private final AsyncByteBufferFeeder feeder;
        private final ByteBuffer stream;

        BufferFeed(AsyncByteBufferFeeder feeder, byte[] stream, int chunkSize) {
            super(stream.length, chunkSize);
            this.feeder = feeder;
            this.stream = ByteBuffer.wrap(stream);
        }

        @Override
        void feed(int offset, int size) throws XMLStreamException {
            feeder.feedInput(stream.slice(offset, size));
        }

        @Override
        void endOfInput() {
            feeder.endOfInput();
        }
    }
}
