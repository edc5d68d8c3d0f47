package dev.xmppd.protocol.ext.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Xml;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlocklistTest {

    private static final Jid OWN = Jid.parse("d@conversations.im/desktop.Uf34");

    @Test
    void requestAsOnTheSlides() {
        assertThat(Iq.get(Blocklist.request()).withId("random").element()).isEqualTo(Xml.parse("""
                <iq type='get' id='random'><blocklist xmlns='urn:xmpp:blocking'/></iq>"""));
    }

    @Test
    void blocklistResult() {
        Iq result = new Iq(Xml.fixture(getClass(), "blocklist-result.xml"));
        assertThat(Blocklist.parse(result.payload().orElseThrow()).orElseThrow())
                .containsExactly(Jid.parse("romeo@montague.net"), Jid.parse("iago@shakespeare.lit"));
    }

    @Test
    void pushes() {
        Blocklist.Push push = Blocklist.parsePush(new Iq(Xml.fixture(getClass(), "block-push.xml")), OWN)
                .orElseThrow();
        assertThat(push.block()).isTrue();
        assertThat(push.jids()).containsExactly(Jid.parse("spammer@example.com"));
        Iq unblockAll = new Iq(Xml.parse("<iq type='set' id='p'><unblock xmlns='urn:xmpp:blocking'/></iq>"));
        assertThat(Blocklist.parsePush(unblockAll, OWN).orElseThrow().unblocksAll()).isTrue();
        Iq spoofed = new Iq(Xml.fixture(getClass(), "block-push.xml").withAttribute("from", "x@evil.example"));
        assertThat(Blocklist.parsePush(spoofed, OWN)).isEmpty();
    }

    @Test
    void blockAndUnblockBuilders() {
        assertThat(Blocklist.block(List.of(Jid.parse("romeo@montague.net")))).isEqualTo(Xml.parse(
                "<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></block>"));
        assertThat(Blocklist.unblock(List.of())).isEqualTo(Xml.parse("<unblock xmlns='urn:xmpp:blocking'/>"));
        assertThatThrownBy(() -> Blocklist.block(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
