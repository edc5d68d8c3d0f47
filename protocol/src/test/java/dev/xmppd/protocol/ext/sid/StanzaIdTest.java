package dev.xmppd.protocol.ext.sid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.Xml;
import org.junit.jupiter.api.Test;

class StanzaIdTest {

    @Test
    void liveMessageFromTheSlidesTrustsOnlyOurArchive() {
        Message live = new Message(Xml.fixture(getClass(), "live-message.xml"));
        assertThat(StanzaId.all(live.element())).hasSize(2);
        assertThat(StanzaId.assignedBy(live.element(), Jid.parse("D@conversations.im/desktop"))).contains("1568719955");
        assertThat(StanzaId.assignedBy(live.element(), Jid.parse("other@conversations.im"))).isEmpty();
        assertThat(OriginId.of(live.element())).contains("de305d54");
    }

    @Test
    void buildersRoundTrip() {
        Message m = new Message(Xml.parse("<message/>"))
                .withChild(new StanzaId("s1", "room@muc.example").toElement())
                .withChild(OriginId.element("o1"));
        Message reread = new Message(Xml.reparse(m.element()));
        assertThat(StanzaId.assignedBy(reread.element(), Jid.parse("room@muc.example"))).contains("s1");
        assertThat(OriginId.of(reread.element())).contains("o1");
        assertThat(OriginId.of(Xml.parse("<message><origin-id xmlns='urn:xmpp:sid:0'/></message>"))).isEmpty();
    }
}
