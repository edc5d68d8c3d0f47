package dev.xmppd.protocol.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.xmppd.protocol.xml.StreamEvent.ElementReceived;
import dev.xmppd.protocol.xml.StreamEvent.StreamClosed;
import dev.xmppd.protocol.xml.StreamEvent.StreamFailed;
import dev.xmppd.protocol.xml.StreamEvent.StreamOpened;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * Turns the bytes of one XML stream (RFC 6120 §4) into {@link StreamEvent}s, on Aalto's non-blocking parser.
 * Bytes may arrive in chunks split anywhere, even inside a tag or a multi-byte UTF-8 character. One reader
 * reads one stream: after a stream restart (STARTTLS, SASL success) create a new reader.
 *
 * <p>Produces {@link StreamOpened} for the header, one {@link ElementReceived} per complete top-level element
 * (the children of {@code <stream:stream>}), {@link StreamClosed} for {@code </stream:stream>}, and at most
 * one {@link StreamFailed}, after which the reader is dead and further input yields nothing. Nothing is
 * thrown for bad input. The conditions chosen:
 * <ul>
 * <li>{@code restricted-xml} (RFC 6120 §11.1): a DOCTYPE (with or without internal subset — nothing is ever
 *     expanded, so entity bombs cannot grow), a comment, a processing instruction other than the XML
 *     declaration, a reference to an entity other than the five predefined ones (character references are
 *     fine);</li>
 * <li>{@code not-well-formed}: any XML syntax error, including invalid UTF-8 (overlong forms, stray
 *     continuation bytes, a sequence cut off by a tag), because a byte sequence that is not UTF-8 is not an
 *     XML document at all; and input that ends ({@link #endOfInput()}) before {@code </stream:stream>};</li>
 * <li>{@code unsupported-encoding} (RFC 6120 §11.6): an XML declaration naming an encoding other than UTF-8;</li>
 * <li>{@code invalid-namespace} (RFC 6120 §4.9.3.10): a root element other than {@code stream} in
 *     {@code http://etherx.jabber.org/streams};</li>
 * <li>{@code bad-format} (RFC 6120 §4.9.3.1): non-whitespace text between top-level elements — well-formed
 *     XML, but not a stream XMPP can process (whitespace there is a keepalive and is ignored);</li>
 * <li>{@code policy-violation}: a top-level element larger than {@link Limits#maxElementBytes()} or nested
 *     deeper than {@link Limits#maxDepth()} (see {@link Limits}).</li>
 * </ul>
 * The content namespace ({@code jabber:client}, ...) is reported, not checked: that is the negotiator's call.
 */
public final class StreamReader {

    /** The namespace of {@code <stream:stream>}, {@code <stream:features>} and {@code <stream:error>}. */
    public static final String STREAMS_NAMESPACE = "http://etherx.jabber.org/streams";

    /**
     * Bounds on one top-level element. {@code maxElementBytes} counts the bytes from its {@code <} to its
     * closing {@code >}; bytes before its start tag is complete count too, from the end of the previous
     * top-level item, so a huge start tag or prolog is bounded as well. The reader fails as soon as one byte
     * past the limit has been fed and never hands more than that to the parser, so a peer cannot make it
     * buffer more than the limit. {@code maxDepth} counts the top-level element as depth 1.
     */
    public record Limits(int maxElementBytes, int maxDepth) {
        /**
         * 1 MiB and depth 64. The depth stays generous on purpose: a MAM result wrapping a carbon wrapping a
         * message with XHTML-IM reaches 10–15 levels, and rejecting a legitimate archived stanza would fail
         * the same catch-up on every reconnect; 64 still bounds the recursion in equals/hashCode/writing.
         */
        public static final Limits DEFAULT = new Limits(1024 * 1024, 64);

        public Limits {
            if (maxElementBytes < 1 || maxDepth < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxElementBytes + ", " + maxDepth);
            }
        }
    }

    private enum State { PROLOG, OPEN, CLOSED, FAILED }

    /** Largest slice handed to the parser at once; bounds what it can buffer beyond the limit check. */
    private static final int MAX_SLICE = 64 * 1024;
    /** First size of {@link #scratch}; it grows to the largest slice copied, at most {@link #MAX_SLICE}. */
    private static final int MIN_SCRATCH = 8 * 1024;
    private static final String XML_LANG = "xml:lang";
    private static final AsyncXMLInputFactory FACTORY = newFactory();

    private final Limits limits;
    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> parser;
    private final ElementAssembler assembler = new ElementAssembler();
    private final DoctypeDetector doctype = new DoctypeDetector();
    private final Utf8Validator utf8 = new Utf8Validator();
    /**
     * Slices that do not start at index 0 of an array are copied here first. Aalto's {@code byte[]} scanner
     * is faster than its {@code ByteBuffer} twin, and it reports byte offsets relative to index 0 of the array
     * it was fed, so feeding every slice from index 0 keeps those offsets equal to stream offsets.
     */
    private byte[] scratch = new byte[0];
    /** The first bytes of a character whose last bytes have not arrived yet (see {@link #feedCharacters}). */
    private final byte[] carry = new byte[3];
    private int carried;
    private State state = State.PROLOG;
    /** Bytes handed to the parser so far. */
    private long consumed;
    /** Offset where the current top-level element started, or where the previous top-level item ended. */
    private long pendingSince;
    private List<StreamEvent> out;

    public StreamReader() {
        this(Limits.DEFAULT);
    }

    public StreamReader(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.parser = FACTORY.createAsyncForByteArray();
    }

    private static AsyncXMLInputFactory newFactory() {
        InputFactoryImpl factory = new InputFactoryImpl();
        // RFC 6120 §11.1: never read a DTD or resolve an entity; we additionally fail on the DTD event.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory2.P_INTERN_NAMES, true);
        factory.setProperty(XMLInputFactory2.P_INTERN_NS_URIS, true);
        return factory;
    }

    /** Reads {@code len} bytes of {@code bytes} from {@code off}; the array may be reused once this returns. */
    public List<StreamEvent> feed(byte[] bytes, int off, int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        return read(bytes, null, off, off + len);
    }

    /** Reads the remaining bytes of {@code buffer} (its position ends at its limit). */
    public List<StreamEvent> feed(ByteBuffer buffer) {
        int position = buffer.position();
        int end = buffer.limit();
        buffer.position(end);
        if (buffer.hasArray()) {
            int base = buffer.arrayOffset();
            return read(buffer.array(), null, base + position, base + end);
        }
        return read(null, buffer, position, end);
    }

    /** Reads {@code array[position..end)}, or {@code buffer}'s bytes there when {@code array} is null. */
    private List<StreamEvent> read(byte[] array, ByteBuffer buffer, int position, int end) {
        if (state == State.CLOSED || state == State.FAILED) {
            return List.of();
        }
        out = null;
        try {
            while (position < end && state != State.FAILED && state != State.CLOSED) {
                long budget = limits.maxElementBytes() - (consumed - pendingSince);
                int length = (int) Math.min(end - position, Math.min(MAX_SLICE, budget + 1));
                byte[] slice = sliceAtZero(array, buffer, position, length);
                if (state == State.PROLOG) {
                    doctype.scan(slice, 0, length);
                }
                int valid = utf8.validPrefix(slice, 0, length);
                if (valid > 0) {
                    position += valid;
                    feedCharacters(slice, valid, valid < length);
                }
                if (valid < length && state != State.FAILED && state != State.CLOSED) {
                    fail(StreamErrorCondition.NOT_WELL_FORMED, "invalid UTF-8 at byte " + consumed);
                } else if (state == State.OPEN || state == State.PROLOG) {
                    checkPendingSize();
                }
            }
        } catch (Exception e) {
            // Aalto reports syntax errors as XMLStreamException, but nothing it throws may escape.
            failOnParserError(e);
        }
        List<StreamEvent> events = out;
        out = null;
        return events == null ? List.of() : events;
    }

    /**
     * Hands the parser the carried bytes and {@code slice[0..valid)}, up to the last whole character; the bytes of
     * an unfinished one wait for the rest. Aalto's async scanner drops a 4-byte character (an emoji) from an
     * attribute value when its bytes come in two feeds, so a nick or id would change with how the network cut
     * the stream (found by StreamReaderFuzzTest). {@code failing}: the input breaks UTF-8 right after, feed all.
     */
    private void feedCharacters(byte[] slice, int valid, boolean failing) throws Exception {
        byte[] bytes = slice;
        int length = valid;
        if (carried > 0) {
            bytes = new byte[carried + valid];
            System.arraycopy(carry, 0, bytes, 0, carried);
            System.arraycopy(slice, 0, bytes, carried, valid);
            length = carried + valid;
        }
        int held = failing ? 0 : utf8.pending();
        int ready = length - held;
        System.arraycopy(bytes, ready, carry, 0, held);
        carried = held;
        if (ready > 0) {
            parser.getInputFeeder().feedInput(bytes, 0, ready);
            consumed += ready;
            drain();
        }
    }

    /**
     * An array holding the {@code length} bytes from {@code position} at index 0: the caller's array itself
     * when they already start there, otherwise {@link #scratch} with a copy. The parser is drained before
     * {@code feed} returns, so it never reads the caller's array afterwards.
     */
    private byte[] sliceAtZero(byte[] array, ByteBuffer buffer, int position, int length) {
        if (array != null && position == 0) {
            return array;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.min(MAX_SLICE, Math.max(length, MIN_SCRATCH))];
        }
        if (array != null) {
            System.arraycopy(array, position, scratch, 0, length);
        } else {
            buffer.get(position, scratch, 0, length);
        }
        return scratch;
    }

    /**
     * The connection delivered its last byte. Returns nothing when {@code </stream:stream>} was read (or
     * the reader already failed), otherwise a {@code not-well-formed} failure: the stream was cut off.
     */
    public List<StreamEvent> endOfInput() {
        return switch (state) {
            case CLOSED, FAILED -> List.of();
            case PROLOG -> List.of(failure(StreamErrorCondition.NOT_WELL_FORMED,
                    "input ended before a complete stream header"));
            case OPEN -> List.of(failure(StreamErrorCondition.NOT_WELL_FORMED,
                    "input ended inside an unclosed stream (no </stream:stream>)"));
        };
    }

    private void drain() throws Exception {
        int event;
        while (state != State.FAILED && state != State.CLOSED
                && (event = parser.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> startElement();
                case XMLStreamConstants.END_ELEMENT -> endElement();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                case XMLStreamConstants.START_DOCUMENT -> checkDeclaration();
                case XMLStreamConstants.DTD -> fail(StreamErrorCondition.RESTRICTED_XML, "a DOCTYPE is not allowed");
                case XMLStreamConstants.COMMENT -> fail(StreamErrorCondition.RESTRICTED_XML, "a comment is not allowed");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> fail(StreamErrorCondition.RESTRICTED_XML,
                        "processing instruction <?" + parser.getPITarget() + "?> is not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE -> fail(StreamErrorCondition.RESTRICTED_XML,
                        "entity reference &" + parser.getLocalName() + "; is not one of the five predefined");
                default -> fail(StreamErrorCondition.BAD_FORMAT, "unexpected XML parser event " + event);
            }
        }
    }

    private void checkDeclaration() {
        String encoding = parser.getCharacterEncodingScheme();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            fail(StreamErrorCondition.UNSUPPORTED_ENCODING, "declared encoding " + encoding + " is not UTF-8");
        }
    }

    private void startElement() throws Exception {
        if (state == State.PROLOG) {
            openStream();
            return;
        }
        int depth = assembler.depth() + 1;
        if (depth > limits.maxDepth()) {
            fail(StreamErrorCondition.POLICY_VIOLATION, "element nested deeper than " + limits.maxDepth());
            return;
        }
        if (depth == 1) {
            pendingSince = parser.getLocationInfo().getStartingByteOffset();
        }
        assembler.start(parser.getLocalName(), namespaceOf(parser.getNamespaceURI()), attributes());
    }

    private void openStream() throws Exception {
        if (!"stream".equals(parser.getLocalName()) || !STREAMS_NAMESPACE.equals(parser.getNamespaceURI())) {
            fail(StreamErrorCondition.INVALID_NAMESPACE, "stream header is <" + parser.getLocalName() + "> in namespace '"
                    + namespaceOf(parser.getNamespaceURI()) + "', expected <stream> in " + STREAMS_NAMESPACE);
            return;
        }
        Map<String, String> header = new LinkedHashMap<>(attributes());
        String content = namespaceOf(parser.getNamespaceContext().getNamespaceURI(XMLConstants.DEFAULT_NS_PREFIX));
        state = State.OPEN;
        pendingSince = parser.getLocationInfo().getEndingByteOffset();
        emit(new StreamOpened(header, content));
    }

    private void endElement() throws Exception {
        if (assembler.depth() == 0) {
            state = State.CLOSED;
            emit(StreamClosed.INSTANCE);
            closeParser();
            return;
        }
        Element element = assembler.end();
        if (element != null) {
            long end = parser.getLocationInfo().getEndingByteOffset();
            if (end - pendingSince > limits.maxElementBytes()) {
                failTooLarge();
                return;
            }
            pendingSince = end;
            emit(new ElementReceived(element));
        }
    }

    private void text() throws Exception {
        if (assembler.depth() > 0) {
            assembler.text(parser.getText());
        } else if (parser.isWhiteSpace()) {
            if (state == State.OPEN) {
                pendingSince = parser.getLocationInfo().getEndingByteOffset();
            }
        } else {
            fail(StreamErrorCondition.BAD_FORMAT, "text between top-level elements of the stream");
        }
    }

    private Attributes attributes() {
        int count = parser.getAttributeCount();
        if (count == 0) {
            return Attributes.EMPTY;
        }
        String[] pairs = new String[count * 2];
        for (int i = 0; i < count; i++) {
            pairs[2 * i] = attributeKey(parser.getAttributeNamespace(i), parser.getAttributeLocalName(i));
            pairs[2 * i + 1] = parser.getAttributeValue(i);
        }
        return Attributes.ofOwnedPairs(pairs);
    }

    /** The key convention documented on {@link Element}. */
    private static String attributeKey(String namespace, String local) {
        if (namespace == null || namespace.isEmpty()) {
            return local;
        }
        if (XMLConstants.XML_NS_URI.equals(namespace)) {
            return "lang".equals(local) ? XML_LANG : "xml:" + local;
        }
        return "{" + namespace + "}" + local;
    }

    private static String namespaceOf(String uri) {
        return uri == null ? "" : uri;
    }

    private void checkPendingSize() {
        if (consumed - pendingSince > limits.maxElementBytes()) {
            failTooLarge();
        }
    }

    private void failTooLarge() {
        fail(StreamErrorCondition.POLICY_VIOLATION, "top-level element larger than " + limits.maxElementBytes() + " bytes");
    }

    private void failOnParserError(Exception e) {
        String message = String.valueOf(e.getMessage());
        int lineBreak = message.indexOf('\n');
        String firstLine = lineBreak < 0 ? message : message.substring(0, lineBreak);
        if (firstLine.length() > 200) {
            firstLine = firstLine.substring(0, 200) + "...";
        }
        if (state == State.PROLOG && doctype.seen()) {
            fail(StreamErrorCondition.RESTRICTED_XML, "a DOCTYPE is not allowed (" + firstLine + ")");
        } else if (firstLine.contains("ENTITY_REFERENCE")) {
            // Aalto rejects an undeclared entity inside an attribute value with an exception, not an event.
            fail(StreamErrorCondition.RESTRICTED_XML, "entity reference not allowed (" + firstLine + ")");
        } else {
            fail(StreamErrorCondition.NOT_WELL_FORMED, firstLine);
        }
    }

    private void fail(StreamErrorCondition condition, String detail) {
        emit(failure(condition, detail));
    }

    private StreamFailed failure(StreamErrorCondition condition, String detail) {
        state = State.FAILED;
        assembler.clear();
        closeParser();
        return new StreamFailed(condition, detail);
    }

    private void closeParser() {
        try {
            parser.close();
        } catch (Exception ignored) {
            // Closing only returns Aalto's buffers to its recycler; the reader is finished either way.
        }
    }

    private void emit(StreamEvent event) {
        if (out == null) {
            out = new ArrayList<>(4);
        }
        out.add(event);
    }
}
