package dev.xmppd.protocol.xml;

import static dev.xmppd.protocol.xml.StreamInput.elementsOf;
import static dev.xmppd.protocol.xml.StreamInput.inStream;
import static dev.xmppd.protocol.xml.StreamInput.oneShot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlWriterTest {

    private static final String CLIENT = "jabber:client";

    private static Element reparsed(String written) {
        return elementsOf(oneShot(inStream(written))).getFirst();
    }

    @Test
    void escapesAttributeValues() {
        Element message = Element.builder("message", CLIENT).attribute("id", "a&b<c>d\"e'f\tg\nh\ri").build();

        String written = XmlWriter.write(message, CLIENT);

        assertThat(written).isEqualTo("<message id='a&amp;b&lt;c&gt;d&quot;e&apos;f&#x9;g&#xA;h&#xD;i'/>");
        assertThat(reparsed(written)).isEqualTo(message);
    }

    @Test
    void escapesText() {
        Element body = Element.builder("body", CLIENT).text("1 < 2 && 3 > 2 \"quoted\" 'single'\ttab\nline\r\nend").build();

        String written = XmlWriter.write(body, CLIENT);

        assertThat(written).isEqualTo(
                "<body>1 &lt; 2 &amp;&amp; 3 &gt; 2 \"quoted\" 'single'\ttab\nline&#xD;\nend</body>");
        assertThat(reparsed(written)).isEqualTo(body);
    }

    @Test
    void keepsNonAsciiAsIs() {
        Element body = Element.builder("body", CLIENT).text("Grüße 👋 你好 \uFFFD").build();

        assertThat(XmlWriter.write(body, CLIENT)).isEqualTo("<body>Grüße 👋 你好 \uFFFD</body>");
        assertThat(reparsed(XmlWriter.write(body, CLIENT))).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001F", "\uFFFE", "\uFFFF", "\uD83D", "\uDE00", "a\uD83Db"})
    void refusesCharactersXmlCannotCarry(String bad) {
        Element inText = Element.builder("body", CLIENT).text("x" + bad).build();
        Element inAttribute = Element.builder("message", CLIENT).attribute("id", bad).build();

        assertThatThrownBy(() -> XmlWriter.write(inText)).isInstanceOf(InvalidXmlCharacterException.class)
                .hasMessageContaining("not allowed in XML 1.0");
        assertThatThrownBy(() -> XmlWriter.write(inAttribute)).isInstanceOf(InvalidXmlCharacterException.class);
    }

    @Test
    void declaresEachNamespaceOnceWhereItChanges() {
        Element iq = Element.builder("iq", CLIENT).attribute("type", "set").attribute("id", "one")
                .child(Element.builder("bind", "urn:ietf:params:xml:ns:xmpp-bind")
                        .textChild("resource", "desktop").build())
                .child(Element.builder("x", CLIENT).build())
                .build();

        assertThat(XmlWriter.write(iq, CLIENT)).isEqualTo("<iq type='set' id='one'>"
                + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desktop</resource></bind><x/></iq>");
        assertThat(XmlWriter.write(iq)).startsWith("<iq xmlns='jabber:client' type='set' id='one'>");
        assertThat(XmlWriter.write(iq, "jabber:server")).startsWith("<iq xmlns='jabber:client' ");
    }

    @Test
    void undeclaresTheDefaultNamespaceForAnElementWithout() {
        Element message = Element.builder("message", CLIENT).child(Element.builder("plain", "").build()).build();

        String written = XmlWriter.write(message, CLIENT);

        assertThat(written).isEqualTo("<message><plain xmlns=''/></message>");
        assertThat(reparsed(written)).isEqualTo(message);
        assertThat(XmlWriter.write(Element.builder("plain", "").build())).isEqualTo("<plain/>");
    }

    @Test
    void namespacedAttributesGetAPrefixDeclaredOnce() {
        Element message = Element.builder("message", CLIENT)
                .attribute("xml:lang", "en")
                .attribute("{urn:example:a}flag", "1")
                .child(Element.builder("body", CLIENT).attribute("{urn:example:a}other", "2")
                        .attribute("{urn:example:b}more", "3").build())
                .build();

        String written = XmlWriter.write(message, CLIENT);

        assertThat(written).isEqualTo("<message xml:lang='en' xmlns:ns0='urn:example:a' ns0:flag='1'>"
                + "<body ns0:other='2' xmlns:ns1='urn:example:b' ns1:more='3'/></message>");
        assertThat(reparsed(written)).isEqualTo(message);
    }

    @Test
    void refusesAPrefixedKeyItCannotBind() {
        Element message = Element.builder("message", CLIENT).attribute("foo:bar", "1").build();

        assertThatThrownBy(() -> XmlWriter.write(message)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{namespace}local");
    }

    @Test
    void streamElementsUseTheStreamPrefixInsideAStream() {
        Element features = Element.builder("features", StreamReader.STREAMS_NAMESPACE)
                .child(Element.builder("bind", "urn:ietf:params:xml:ns:xmpp-bind").build())
                .child(Element.builder("text", CLIENT).build())
                .build();

        String inStream = XmlWriter.write(features, CLIENT);

        assertThat(inStream).isEqualTo("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><text/>"
                + "</stream:features>");
        assertThat(reparsed(inStream)).isEqualTo(features);
        assertThat(XmlWriter.write(features)).startsWith("<features xmlns='http://etherx.jabber.org/streams'>");
    }

    @Test
    void streamHeaderAndClose() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("to", "conversations.im");
        attributes.put("version", "1.0");
        attributes.put("xml:lang", "en");

        String header = XmlWriter.streamHeader(attributes, CLIENT);

        assertThat(header).isEqualTo("<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams' to='conversations.im' version='1.0' xml:lang='en'>");
        assertThat(XmlWriter.streamClose()).isEqualTo("</stream:stream>");
        assertThat(oneShot(header + XmlWriter.streamClose()))
                .containsExactly(new StreamEvent.StreamOpened(attributes, CLIENT), StreamEvent.StreamClosed.INSTANCE);
    }

    @Test
    void appendsToAnExistingBuilder() {
        StringBuilder out = new StringBuilder("<x>");

        XmlWriter.write(Element.builder("presence", CLIENT).build(), CLIENT, out);

        assertThat(out).hasToString("<x><presence/>");
    }
}
