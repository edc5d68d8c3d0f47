package dev.xmppd.protocol.xml;

import static dev.xmppd.protocol.xml.StreamInput.CLIENT_HEADER;
import static dev.xmppd.protocol.xml.StreamInput.failureOf;
import static dev.xmppd.protocol.xml.StreamInput.inStream;
import static dev.xmppd.protocol.xml.StreamInput.oneShot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.xml.StreamEvent.StreamFailed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6120 §11.1: what XMPP forbids of XML ends the stream with restricted-xml, before anything is expanded. */
class RestrictedXmlTest {

    private static final String STREAM_OPEN = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams'>";

    private static void assertRestricted(String xml) {
        List<StreamEvent> events = oneShot(xml);
        StreamFailed failed = failureOf(events);
        assertThat(failed.condition()).as(failed.detail()).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
        assertThat(events.getLast()).isSameAs(failed);
        assertThat(StreamInput.elementsOf(events)).noneMatch(e -> e.text().contains("lol"));
    }

    @Test
    void doctypeWithoutSubset() {
        assertRestricted("<?xml version='1.0'?><!DOCTYPE stream>" + STREAM_OPEN);
    }

    @Test
    void billionLaughsIsRejectedWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" '");
            dtd.append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("'>");
        }
        dtd.append("]>");
        assertRestricted(dtd + STREAM_OPEN + "<message><body>&lol9;</body></message>");
    }

    @Test
    void externalEntity() {
        assertRestricted("<?xml version='1.0'?><!DOCTYPE stream [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + STREAM_OPEN + "<message><body>&xxe;</body></message>");
    }

    @Test
    void externalDtd() {
        assertRestricted("<!DOCTYPE stream SYSTEM 'http://example.com/evil.dtd'>" + STREAM_OPEN);
    }

    @Test
    void doctypeSplitAcrossChunksIsStillRecognised() {
        byte[] bytes = StreamInput.utf8("<!DOCTYPE s [<!ENTITY a 'b'>]>" + STREAM_OPEN);
        for (int split = 1; split < 12; split++) {
            assertThat(failureOf(StreamInput.splitAt(bytes, split)).condition())
                    .isEqualTo(StreamErrorCondition.RESTRICTED_XML);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!-- hi -->", "<message><!-- hi --></message>", "<message><body>a<!---->b</body></message>"})
    void comment(String stanzas) {
        assertRestricted(inStream(stanzas));
    }

    @Test
    void commentBeforeTheHeader() {
        assertRestricted("<?xml version='1.0'?><!-- hello -->" + STREAM_OPEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<?php echo 1; ?>", "<message><?target data?></message>"})
    void processingInstruction(String stanzas) {
        assertRestricted(inStream(stanzas));
    }

    @Test
    void processingInstructionBeforeTheHeader() {
        assertRestricted("<?xml version='1.0'?><?xml-stylesheet href='a.xsl'?>" + STREAM_OPEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<message><body>&nbsp;</body></message>", "<message to='&foo;'/>",
            "<message><body>x&copy;y</body></message>"})
    void undefinedEntityReference(String stanzas) {
        assertRestricted(inStream(stanzas));
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesAreFine() {
        List<StreamEvent> events = oneShot(inStream(
                "<message to='&lt;&amp;&gt;&quot;&apos;&#65;&#x42;'><body>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;</body></message>"));

        Element message = StreamInput.elementsOf(events).getFirst();
        assertThat(message.attribute("to")).contains("<&>\"'AB");
        assertThat(message.childText("body", "jabber:client")).contains("<&>\"'AB");
    }

    @Test
    void xmlDeclarationIsAllowedButOnlyInUtf8() {
        assertThat(oneShot("<?xml version='1.0' encoding='UTF-8'?>" + STREAM_OPEN + StreamInput.CLOSE))
                .noneMatch(StreamFailed.class::isInstance);
        assertThat(failureOf(oneShot("<?xml version='1.0' encoding='ISO-8859-1'?>" + STREAM_OPEN)).condition())
                .isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void clientHeaderItselfIsNotRestricted() {
        assertThat(oneShot(CLIENT_HEADER)).first().isInstanceOf(StreamEvent.StreamOpened.class);
    }
}
