package dev.xmppd.protocol.xml;

import static dev.xmppd.protocol.xml.StreamInput.CLIENT_HEADER;
import static dev.xmppd.protocol.xml.StreamInput.elementsOf;
import static dev.xmppd.protocol.xml.StreamInput.failureOf;
import static dev.xmppd.protocol.xml.StreamInput.inStream;
import static dev.xmppd.protocol.xml.StreamInput.oneShot;
import static dev.xmppd.protocol.xml.StreamInput.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.xml.StreamEvent.ElementReceived;
import dev.xmppd.protocol.xml.StreamEvent.StreamClosed;
import dev.xmppd.protocol.xml.StreamEvent.StreamFailed;
import dev.xmppd.protocol.xml.StreamEvent.StreamOpened;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReaderTest {

    @Test
    void headerAttributesAndContentNamespace() {
        List<StreamEvent> events = oneShot(CLIENT_HEADER);

        assertThat(events.getFirst()).isInstanceOfSatisfying(StreamOpened.class, opened -> {
            assertThat(opened.defaultNamespace()).isEqualTo("jabber:client");
            assertThat(opened.attributes()).containsOnly(
                    java.util.Map.entry("from", "conversations.im"), java.util.Map.entry("to", "d@conversations.im"),
                    java.util.Map.entry("version", "1.0"), java.util.Map.entry("xml:lang", "en"),
                    java.util.Map.entry("id", "s1"));
        });
    }

    @Test
    void topLevelElementsComeOutWithTheirNamespaces() {
        List<StreamEvent> events = oneShot(inStream(
                "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
                        + "<message to='a@b'><body>Hi</body></message>"
                        + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"));

        assertThat(events).hasSize(5);
        assertThat(events.getLast()).isEqualTo(StreamClosed.INSTANCE);
        List<Element> elements = elementsOf(events);
        assertThat(elements.get(0).is("features", StreamReader.STREAMS_NAMESPACE)).isTrue();
        assertThat(elements.get(0).child("bind", "urn:ietf:params:xml:ns:xmpp-bind")).isPresent();
        assertThat(elements.get(1)).isEqualTo(Element.builder("message", "jabber:client").attribute("to", "a@b")
                .child(Element.builder("body", "jabber:client").text("Hi").build()).build());
        assertThat(elements.get(2).is("error", StreamReader.STREAMS_NAMESPACE)).isTrue();
        assertThat(elements.get(2).childIn(StreamErrorCondition.NAMESPACE).map(Element::name)).contains("host-unknown");
    }

    @Test
    void textIsUnescapedAndMergedAcrossReferencesAndCdata() {
        List<Element> elements = elementsOf(oneShot(inStream(
                "<message><body>a &amp; b &lt;&gt; &quot;&apos; &#x263A;&#9731;<![CDATA[<raw>]]>end</body></message>")));

        Element body = elements.getFirst().child("body", "jabber:client").orElseThrow();
        assertThat(body.children()).containsExactly(new Text("a & b <> \"' \u263A\u2603<raw>end"));
    }

    @Test
    void attributeKeysFollowTheElementConvention() {
        Element message = elementsOf(oneShot(inStream(
                "<message xmlns:x='urn:example:x' to='a@b' xml:lang='de' x:flag='on' id='&amp;1'/>"))).getFirst();

        assertThat(message.attributes()).containsExactly(
                java.util.Map.entry("to", "a@b"), java.util.Map.entry("xml:lang", "de"),
                java.util.Map.entry("{urn:example:x}flag", "on"), java.util.Map.entry("id", "&1"));
    }

    @Test
    void whitespaceBetweenStanzasIsIgnoredButKeptInsideThem() {
        List<StreamEvent> events = oneShot(inStream("\n  <presence>\n <show>away</show></presence> \r\n\t "));

        assertThat(events).hasSize(3);
        Element presence = elementsOf(events).getFirst();
        assertThat(presence.children()).hasSize(2).first().isEqualTo(new Text("\n "));
    }

    @Test
    void textBetweenStanzasIsBadFormat() {
        List<StreamEvent> events = oneShot(inStream("<presence/>hello<presence/>"));

        assertThat(events).hasSize(3);
        assertThat(failureOf(events).condition()).isEqualTo(StreamErrorCondition.BAD_FORMAT);
    }

    @Test
    void headerInAnotherNamespaceIsInvalidNamespace() {
        assertThat(failureOf(oneShot("<stream:stream xmlns:stream='http://etherx.jabber.org/stream'>")).condition())
                .isEqualTo(StreamErrorCondition.INVALID_NAMESPACE);
        assertThat(failureOf(oneShot("<stream xmlns='jabber:client'>")).condition())
                .isEqualTo(StreamErrorCondition.INVALID_NAMESPACE);
        assertThat(failureOf(oneShot("<s:session xmlns:s='http://etherx.jabber.org/streams'>")).condition())
                .isEqualTo(StreamErrorCondition.INVALID_NAMESPACE);
    }

    @Test
    void endOfInputInsideTheStreamIsNotWellFormed() {
        StreamReader reader = new StreamReader();
        assertThat(reader.feed(utf8(CLIENT_HEADER + "<message><bo"), 0, CLIENT_HEADER.length() + 12)).hasSize(1);

        List<StreamEvent> end = reader.endOfInput();

        assertThat(end).singleElement().isInstanceOfSatisfying(StreamFailed.class, failed -> {
            assertThat(failed.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
            assertThat(failed.detail()).contains("unclosed stream");
        });
        assertThat(reader.endOfInput()).isEmpty();
    }

    @Test
    void endOfInputBeforeAnyHeaderIsNotWellFormed() {
        assertThat(new StreamReader().endOfInput()).singleElement()
                .isEqualTo(new StreamFailed(StreamErrorCondition.NOT_WELL_FORMED,
                        "input ended before a complete stream header"));
    }

    @Test
    void endOfInputAfterCloseIsQuiet() {
        StreamReader reader = new StreamReader();
        byte[] bytes = utf8(inStream(""));
        assertThat(reader.feed(bytes, 0, bytes.length)).endsWith(StreamClosed.INSTANCE);

        assertThat(reader.endOfInput()).isEmpty();
        assertThat(reader.feed(utf8("<message/>"), 0, 10)).isEmpty();
    }

    @Test
    void deadReaderIgnoresFurtherInput() {
        StreamReader reader = new StreamReader();
        byte[] bad = utf8(CLIENT_HEADER + "<message><</message>");
        assertThat(failureOf(reader.feed(bad, 0, bad.length)).condition())
                .isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);

        byte[] good = utf8("<message/>");
        assertThat(reader.feed(good, 0, good.length)).isEmpty();
        assertThat(reader.endOfInput()).isEmpty();
    }

    @Test
    void byteBufferFeedConsumesTheBufferWithoutCopyingItFirst() {
        byte[] bytes = utf8("xx" + inStream("<presence/>") + "yy");
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).position(2).limit(bytes.length - 2);
        StreamReader reader = new StreamReader();

        List<StreamEvent> events = reader.feed(direct);

        assertThat(direct.position()).isEqualTo(bytes.length - 2);
        assertThat(events).hasSize(3).element(1).isInstanceOf(ElementReceived.class);
    }

    @Test
    void feedHonoursOffsetAndLength() {
        byte[] bytes = utf8("garbage" + inStream("<presence/>") + "garbage");
        StreamReader reader = new StreamReader();

        List<StreamEvent> events = reader.feed(bytes, 7, bytes.length - 14);

        assertThat(events).hasSize(3).last().isEqualTo(StreamClosed.INSTANCE);
    }
}
