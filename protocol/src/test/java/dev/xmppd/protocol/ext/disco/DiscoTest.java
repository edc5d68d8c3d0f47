package dev.xmppd.protocol.ext.disco;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.blocking.Blocklist;
import dev.xmppd.protocol.ext.carbons.Carbons;
import dev.xmppd.protocol.ext.mam.MamQuery;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Xml;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoTest {

    @Test
    void infoRequestAsOnTheSlides() {
        Iq request = Iq.get(Jid.parse("conversations.im"), DiscoInfo.request()).withId("three");
        assertThat(request.element()).isEqualTo(Xml.parse("""
                <iq type='get' id='three' to='conversations.im'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"""));
    }

    @Test
    void serverInfoWithExtensionsAndUnknownChildren() {
        Iq result = new Iq(Xml.fixture(getClass(), "server-info-result.xml"));
        DiscoInfo info = DiscoInfo.parse(result.payload().orElseThrow()).orElseThrow();
        assertThat(info.identities()).containsExactly(
                new DiscoInfo.Identity("server", "im", Optional.of("Prosody"), Optional.empty()),
                new DiscoInfo.Identity("pubsub", "pep", Optional.empty(), Optional.empty()));
        assertThat(info.features()).containsExactly("urn:xmpp:blocking", "urn:xmpp:ping");
        assertThat(info.hasFeature(Blocklist.FEATURE)).isTrue();
        assertThat(info.hasIdentity("pubsub", "pep")).isTrue();
        assertThat(info.extension("http://jabber.org/network/serverinfo").orElseThrow()
                .field("abuse-addresses").orElseThrow().values()).containsExactly("mailto:abuse@conversations.im");
    }

    @Test
    void accountInfoAnnouncesMamAndCarbons() {
        Iq result = new Iq(Xml.fixture(getClass(), "account-info-result.xml"));
        DiscoInfo info = DiscoInfo.parse(result.payload().orElseThrow()).orElseThrow();
        assertThat(info.hasFeature(MamQuery.FEATURE)).isTrue();
        assertThat(info.hasFeature(Carbons.FEATURE)).isTrue();
        assertThat(DiscoInfo.parse(Xml.reparse(info.toElement()))).contains(info);
    }

    @Test
    void itemsSkipInvalidJids() {
        Iq result = new Iq(Xml.fixture(getClass(), "server-items-result.xml"));
        DiscoItems items = DiscoItems.parse(result.payload().orElseThrow()).orElseThrow();
        assertThat(items.items()).extracting(i -> i.jid().toString())
                .containsExactly("upload.conversations.im", "muc.conversations.im");
        assertThat(items.items().get(1).name()).contains("Group Chat");
        assertThat(DiscoItems.parse(Xml.reparse(items.toElement()))).contains(items);
        assertThat(DiscoItems.request("node1").attribute("node")).contains("node1");
        assertThat(DiscoItems.parse(DiscoInfo.request())).isEmpty();
    }
}
