package dev.xmppd.protocol.xml;

import static dev.xmppd.protocol.xml.StreamInput.elementsOf;
import static dev.xmppd.protocol.xml.StreamInput.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.xml.StreamEvent.StreamClosed;
import dev.xmppd.protocol.xml.StreamEvent.StreamFailed;
import dev.xmppd.protocol.xml.StreamEvent.StreamOpened;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server side of a login (header, features, proceed, restart, features, success, restart, features,
 * bind result, messages with emoji and CJK, close), cut at every byte: the events never depend on where
 * the chunks end. Each restart hands the following bytes to a fresh reader, as the connection does after
 * {@code <proceed/>} and {@code <success/>} (RFC 6120 §5.4.3.3, §6.4.6).
 */
class StreamReaderChunkingTest {

    private static byte[][] streams;
    private static List<StreamEvent> expected;

    @BeforeAll
    static void parseOnce() {
        String xml = StreamInput.resource("login-server-side.xml");
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int next = xml.indexOf("<?xml", 1); next > 0; next = xml.indexOf("<?xml", next + 1)) {
            parts.add(utf8(xml.substring(start, next)));
            start = next;
        }
        parts.add(utf8(xml.substring(start)));
        streams = parts.toArray(byte[][]::new);
        expected = feedSplitAt(Integer.MAX_VALUE);
    }

    /** Feeds the whole transcript cut once at {@code split} (counted over all streams), one reader per stream. */
    private static List<StreamEvent> feedSplitAt(long split) {
        List<StreamEvent> events = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < streams.length; i++) {
            byte[] bytes = streams[i];
            int cut = (int) Math.clamp(split - offset, 0, bytes.length);
            StreamReader reader = new StreamReader();
            events.addAll(reader.feed(bytes, 0, cut));
            events.addAll(reader.feed(bytes, cut, bytes.length - cut));
            if (i == streams.length - 1) {
                events.addAll(reader.endOfInput());
            }
            offset += bytes.length;
        }
        return events;
    }

    private static int totalLength() {
        int total = 0;
        for (byte[] bytes : streams) {
            total += bytes.length;
        }
        return total;
    }

    @Test
    void oneShotParseSeesTheWholeLogin() {
        assertThat(streams.length).isEqualTo(3);
        assertThat(expected).noneMatch(StreamFailed.class::isInstance);
        assertThat(expected).filteredOn(StreamOpened.class::isInstance).hasSize(3);
        assertThat(expected.getLast()).isEqualTo(StreamClosed.INSTANCE);
        List<Element> elements = elementsOf(expected);
        assertThat(elements).extracting(Element::name).containsExactly(
                "features", "proceed", "features", "success", "features", "iq", "message", "message", "message");
        assertThat(elements.get(6).childText("body", "jabber:client")).contains("Grüße 👋 from the 🌍 — ¿qué tal?");
        assertThat(elements.get(7).childText("body", "jabber:client")).contains("你好，世界！こんにちは 한국어 🀄");
        assertThat(elements.get(8).childText("body", "jabber:client")).contains("a <b> 😀 <raw> ok");
    }

    @Test
    void everySplitIntoTwoChunksGivesTheSameEvents() {
        int total = totalLength();
        for (int split = 0; split <= total; split++) {
            assertThat(feedSplitAt(split)).as("split at byte %d", split).isEqualTo(expected);
        }
    }

    @Test
    void byteByByteFeedingGivesTheSameEvents() {
        List<StreamEvent> events = new ArrayList<>();
        byte[] one = new byte[1];
        for (int i = 0; i < streams.length; i++) {
            StreamReader reader = new StreamReader();
            for (byte b : streams[i]) {
                one[0] = b;
                events.addAll(reader.feed(one, 0, 1));
            }
            if (i == streams.length - 1) {
                events.addAll(reader.endOfInput());
            }
        }
        assertThat(events).isEqualTo(expected);
    }

    /**
     * Emoji (4 bytes in UTF-8) in attribute values and a namespace: Aalto's async scanner dropped such a character
     * when its bytes came in two feeds (a nick {@code 👋 Bob} became {@code  Bob}); found by StreamReaderFuzzTest.
     */
    @Test
    void aFourByteCharacterInAnAttributeSurvivesEverySplit() {
        byte[] bytes = utf8(StreamInput.inStream("<presence from='room@muc.example/\uD83D\uDC4B Bob' id='\uD83C\uDF0D'>"
                + "<x xmlns='urn:example:\uD83D\uDE00'/></presence>"));
        List<StreamEvent> whole = StreamInput.oneShot(bytes);
        Element presence = elementsOf(whole).getFirst();
        assertThat(presence.attribute("from")).contains("room@muc.example/\uD83D\uDC4B Bob");
        assertThat(presence.attribute("id")).contains("\uD83C\uDF0D");
        assertThat(presence.elements().getFirst().namespace()).isEqualTo("urn:example:\uD83D\uDE00");
        for (int split = 0; split <= bytes.length; split++) {
            assertThat(StreamInput.splitAt(bytes, split)).as("split at byte %d", split).isEqualTo(whole);
        }
        assertThat(StreamInput.byteByByte(bytes)).isEqualTo(whole);
    }

    @Test
    void restartHeaderCannotBeReadByTheOldReader() {
        byte[] bytes = utf8(StreamInput.resource("login-server-side.xml"));
        List<StreamEvent> events = new StreamReader().feed(bytes, 0, bytes.length);

        assertThat(elementsOf(events)).extracting(Element::name).containsExactly("features", "proceed");
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamFailed.class,
                failed -> assertThat(failed.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED));
    }
}
