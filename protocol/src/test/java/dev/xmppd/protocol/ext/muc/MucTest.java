package dev.xmppd.protocol.ext.muc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.stanza.Xml;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MucTest {

    @Test
    void joinAsksForNoHistory() {
        Presence join = MucJoin.presence(Jid.parse("coven@chat.shakespeare.lit"), "thirdwitch", Optional.of("cauldron"));
        assertThat(join.element()).isEqualTo(Xml.parse("""
                <presence to='coven@chat.shakespeare.lit/thirdwitch'>\
                <x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/>\
                <password>cauldron</password></x></presence>"""));
    }

    @Test
    void selfPresenceWithStatusCodes() {
        Presence p = new Presence(Xml.parse("""
                <presence from='coven@chat.shakespeare.lit/thirdwitch'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='owner' role='moderator' jid='hag66@shakespeare.lit/pda'/>
                    <status code='110'/><status code='201'/><status code='abc'/>
                  </x>
                  <c xmlns='http://jabber.org/protocol/caps'/>
                </presence>"""));
        MucUser user = MucUser.of(p).orElseThrow();
        assertThat(user.affiliation()).contains("owner");
        assertThat(user.role()).contains("moderator");
        assertThat(user.jid()).contains(Jid.parse("hag66@shakespeare.lit/pda"));
        assertThat(user.isSelf()).isTrue();
        assertThat(user.roomCreated()).isTrue();
        assertThat(MucUser.parse(Xml.reparse(user.toElement()))).isEqualTo(user);
        assertThat(MucUser.of(Presence.available())).isEmpty();
    }

    @Test
    void bookmarksFromPep() {
        var pubsub = Xml.parse("""
                <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                  <items node='urn:xmpp:bookmarks:1'>
                    <item id='theplay@conference.shakespeare.lit'>
                      <conference xmlns='urn:xmpp:bookmarks:1' name='The Play&apos;s the Thing' autojoin='true'>
                        <nick>JC</nick>
                        <extensions><state xmlns='http://myclient.example/bookmark/state' minimized='true'/></extensions>
                      </conference>
                    </item>
                    <item id='not a jid@@'><conference xmlns='urn:xmpp:bookmarks:1'/></item>
                  </items>
                </pubsub>""");
        assertThat(Bookmark.parse(pubsub)).containsExactly(new Bookmark(Jid.parse("theplay@conference.shakespeare.lit"),
                Optional.of("The Play's the Thing"), true, Optional.of("JC"), Optional.empty()));
        assertThat(Bookmark.request()).isEqualTo(Xml.parse("""
                <pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'/></pubsub>"""));
    }
}
