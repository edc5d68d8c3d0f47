package dev.xmppd.protocol.ext.mam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.rsm.PageRequest;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.Xml;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MamTest {

    @Test
    void catchUpQueryAsOnTheSlides() {
        MamQuery query = MamQuery.builder().queryId("ran")
                .page(PageRequest.after("1568719955", OptionalInt.empty())).build();
        assertThat(Iq.set(query.toElement()).withId("thirteen").element())
                .isEqualTo(Xml.compact(Xml.fixture(getClass(), "catchup-query.xml")));
    }

    @Test
    void filtersTravelInADataForm() {
        MamQuery query = MamQuery.builder().queryId("q2").with(Jid.parse("alice@conversations.im"))
                .start(Instant.parse("2019-09-17T00:00:00Z")).afterId("abc").page(PageRequest.first(50)).build();
        assertThat(query.toElement()).isEqualTo(Xml.parse("""
                <query xmlns='urn:xmpp:mam:2' queryid='q2'>\
                <x xmlns='jabber:x:data' type='submit'>\
                <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>\
                <field var='with'><value>alice@conversations.im</value></field>\
                <field var='start'><value>2019-09-17T00:00:00Z</value></field>\
                <field var='after-id'><value>abc</value></field>\
                </x>\
                <set xmlns='http://jabber.org/protocol/rsm'><max>50</max></set>\
                </query>"""));
    }

    @Test
    void fanOutResultFromTheSlides() {
        Message outer = new Message(Xml.fixture(getClass(), "fan-out.xml"));
        assertThat(MamResult.isFromArchive(outer, Jid.parse("d@conversations.im"))).isTrue();
        assertThat(MamResult.isFromArchive(outer, Jid.parse("room@muc.example"))).isFalse();
        MamResult result = MamResult.parse(outer).orElseThrow();
        assertThat(result.queryId()).contains("ran");
        assertThat(result.id()).isEqualTo("1568724977");
        assertThat(result.timestamp()).contains(Instant.parse("2019-09-17T12:56:17Z"));
        assertThat(result.message().from()).contains(Jid.parse("alice@conversations.im/mobile.Xab3"));
        assertThat(result.message().body()).contains("Hi. What's up?");
        Message rebuilt = new Message(Xml.parse("<message/>")).withChild(result.toElement());
        assertThat(MamResult.parse(new Message(Xml.reparse(rebuilt.element())))).isPresent()
                .get().extracting(MamResult::id, MamResult::timestamp)
                .containsExactly(result.id(), result.timestamp());
    }

    @Test
    void finFromTheSlides() {
        MamFin fin = MamFin.parse(new Iq(Xml.fixture(getClass(), "fin.xml"))).orElseThrow();
        assertThat(fin.complete()).isFalse();
        assertThat(fin.page().first()).contains("1568724977");
        assertThat(fin.page().last()).contains("1568726327");
        assertThat(fin.page().count()).hasValue(2);
        assertThat(fin.page().firstIndex()).hasValue(0);
        MamFin complete = MamFin.parse(Xml.parse("<fin xmlns='urn:xmpp:mam:2' complete='true'/>")).orElseThrow();
        assertThat(complete.complete()).isTrue();
        assertThat(complete.page().last()).isEmpty();
        assertThat(MamFin.parse(Xml.reparse(fin.toElement()))).contains(fin);
    }

    @Test
    void messageWithoutResultIsNotAMamResult() {
        assertThat(MamResult.parse(new Message(Xml.parse("<message><body>x</body></message>")))).isEmpty();
        assertThat(MamResult.parse(new Message(Xml.parse(
                "<message><result xmlns='urn:xmpp:mam:2' id='1'/></message>")))).isEmpty();
    }
}
