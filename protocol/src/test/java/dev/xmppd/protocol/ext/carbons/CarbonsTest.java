package dev.xmppd.protocol.ext.carbons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.sid.OriginId;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.MessageType;
import dev.xmppd.protocol.stanza.Xml;
import org.junit.jupiter.api.Test;

class CarbonsTest {

    private static final Jid OWN = Jid.parse("d@conversations.im");

    @Test
    void enableAsOnTheSlides() {
        assertThat(Iq.set(Carbons.enable()).withId("eleven").element()).isEqualTo(Xml.parse(
                "<iq type='set' id='eleven'><enable xmlns='urn:xmpp:carbons:2'/></iq>"));
        assertThat(Carbons.disable()).isEqualTo(Xml.parse("<disable xmlns='urn:xmpp:carbons:2'/>"));
    }

    @Test
    void receivedCopyFromTheSlides() {
        Message outer = new Message(Xml.fixture(getClass(), "received.xml"));
        Carbons.CarbonCopy copy = Carbons.parseTrusted(outer, OWN).orElseThrow();
        assertThat(copy.direction()).isEqualTo(Carbons.Direction.RECEIVED);
        assertThat(copy.message().from()).contains(Jid.parse("alice@conversations.im/mobile.Xab3"));
        assertThat(copy.message().type()).isEqualTo(MessageType.CHAT);
        assertThat(copy.message().body()).contains("Hi. What's up?");
        assertThat(copy.forwarded().delay()).isEmpty();
    }

    @Test
    void sentCopyKeepsTheOriginId() {
        Message outer = new Message(Xml.fixture(getClass(), "sent.xml"));
        Carbons.CarbonCopy copy = Carbons.parse(outer).orElseThrow();
        assertThat(copy.direction()).isEqualTo(Carbons.Direction.SENT);
        assertThat(OriginId.of(copy.message().element())).contains("o-42");
    }

    @Test
    void forgedCarbonFromAnotherAccountIsRejected() {
        Message forged = new Message(Xml.fixture(getClass(), "received.xml")
                .withAttribute("from", "mallory@evil.example"));
        assertThat(Carbons.isFromOwnAccount(forged, OWN)).isFalse();
        assertThat(Carbons.parseTrusted(forged, OWN)).isEmpty();
        assertThat(Carbons.isCarbon(forged)).isTrue();
        Message fromOwnResource = new Message(Xml.fixture(getClass(), "received.xml")
                .withAttribute("from", "d@conversations.im/other"));
        assertThat(Carbons.isFromOwnAccount(fromOwnResource, OWN)).isFalse();
    }

    @Test
    void plainMessageIsNoCarbon() {
        Message plain = new Message(Xml.parse("<message from='a@b'><body>x</body></message>"));
        assertThat(Carbons.parse(plain)).isEmpty();
        assertThat(Carbons.isCarbon(plain)).isFalse();
    }
}
