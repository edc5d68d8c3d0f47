package dev.xmppd.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StanzaTest {

    @Test
    void messageFromTheSlides() {
        Stanza stanza = Stanza.of(Xml.parse("""
                <message to='some@domain.tld' from='d@conversations.im' type='chat' id='m1'>
                  <body>Hi</body><thread>t1</thread><subject>s</subject>
                  <unknown xmlns='urn:example'/>
                </message>""")).orElseThrow();
        assertThat(stanza).isInstanceOfSatisfying(Message.class, m -> {
            assertThat(m.type()).isEqualTo(MessageType.CHAT);
            assertThat(m.body()).contains("Hi");
            assertThat(m.thread()).contains("t1");
            assertThat(m.subject()).contains("s");
            assertThat(m.id()).contains("m1");
            assertThat(m.to()).contains(Jid.parse("some@domain.tld"));
            assertThat(m.from()).contains(Jid.parse("d@conversations.im"));
            assertThat(m.hasMalformedAddress()).isFalse();
        });
    }

    @Test
    void unknownMessageTypeIsNormal() {
        Message m = (Message) Stanza.of(Xml.parse("<message type='weird'/>")).orElseThrow();
        assertThat(m.type()).isEqualTo(MessageType.NORMAL);
        assertThat(m.body()).isEmpty();
    }

    @Test
    void presenceFromTheSlides() {
        Presence p = (Presence) Stanza.of(Xml.parse("""
                <presence from='d@conversations.im/desktop.Uf34'>
                  <show>chat</show>
                  <status>Hey there. I'm using Conversations!</status>
                  <priority>5</priority>
                </presence>""")).orElseThrow();
        assertThat(p.type()).contains(PresenceType.AVAILABLE);
        assertThat(p.show()).contains(Show.CHAT);
        assertThat(p.status()).contains("Hey there. I'm using Conversations!");
        assertThat(p.priority()).isEqualTo(5);
        assertThat(new Presence(Xml.parse("<presence type='bogus'><priority>x</priority></presence>")).type())
                .isEmpty();
    }

    @Test
    void presenceBuilderWritesShowStatusPriority() {
        Presence p = Presence.available(Optional.of(Show.AWAY), Optional.of("out"), -1);
        assertThat(p.element()).isEqualTo(Xml.parse("<presence><show>away</show><status>out</status><priority>-1</priority></presence>"));
        assertThat(Presence.available().element()).isEqualTo(Xml.parse("<presence/>"));
        assertThatThrownBy(() -> Presence.available(Optional.empty(), Optional.empty(), 200))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Presence.subscription(PresenceType.SUBSCRIBE, Jid.parse("a@b/c")).element()).isEqualTo(Xml.parse("<presence type='subscribe' to='a@b'/>"));
    }

    @Test
    void malformedAddressesDoNotThrow() {
        Message m = new Message(Xml.parse("<message from='bad@@x' to='ok@example.com'/>"));
        assertThat(m.from()).isEmpty();
        assertThat(m.rawFrom()).contains("bad@@x");
        assertThat(m.to()).contains(Jid.parse("ok@example.com"));
        assertThat(m.hasMalformedAddress()).isTrue();
        assertThat(new Message(Xml.parse("<message/>")).hasMalformedAddress()).isFalse();
    }

    @Test
    void nonStanzasAreRejected() {
        assertThat(Stanza.of(Xml.parse("<r xmlns='urn:xmpp:sm:3'/>"))).isEmpty();
        assertThat(Stanza.of(Element.builder("message", "jabber:server").build())).isEmpty();
        assertThat(Stanza.of(Xml.parse("<iq id='1'/>"))).isEmpty();
        assertThat(Stanza.of(Xml.parse("<iq id='1' type='nope'/>"))).isEmpty();
        assertThat(Stanza.isStanza(Xml.parse("<iq id='1' type='nope'/>"))).isTrue();
        assertThatThrownBy(() -> new Message(Xml.parse("<presence/>"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ownAccountCheck() {
        Jid own = Jid.parse("d@conversations.im/desktop");
        assertThat(new Message(Xml.parse("<message/>")).isFromOwnAccount(own)).isTrue();
        assertThat(new Message(Xml.parse("<message from='D@conversations.im'/>")).isFromOwnAccount(own)).isTrue();
        assertThat(new Message(Xml.parse("<message from='eve@evil.example'/>")).isFromOwnAccount(own)).isFalse();
        assertThat(new Message(Xml.parse("<message from='d@conversations.im/other'/>")).isFromOwnAccount(own))
                .isFalse();
    }

    @Test
    void chatMessageFactory() {
        Message m = Message.chat(Jid.parse("alice@example.com"), "Hi & <bye>", "id1");
        assertThat(m.element()).isEqualTo(Xml.parse("<message type='chat' to='alice@example.com' id='id1'><body>Hi &amp; &lt;bye&gt;</body></message>"));
        assertThat(Xml.reparse(m.element())).isEqualTo(m.element());
    }
}
