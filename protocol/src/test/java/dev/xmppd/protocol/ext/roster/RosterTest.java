package dev.xmppd.protocol.ext.roster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.roster.RosterItem.Subscription;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Xml;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RosterTest {

    private static final Jid OWN = Jid.parse("d@conversations.im/desktop.Uf34");

    @Test
    void versionedRequest() {
        assertThat(Roster.request(Optional.of(""))).isEqualTo(Xml.parse("<query xmlns='jabber:iq:roster' ver=''/>"));
        assertThat(Roster.request(Optional.empty())).isEqualTo(Xml.parse("<query xmlns='jabber:iq:roster'/>"));
    }

    @Test
    void fullRosterWithVersionGroupsAskAndUnknownChildren() {
        Roster roster = Roster.parse(new Iq(Xml.fixture(getClass(), "roster-result.xml")).payload().orElseThrow())
                .orElseThrow();
        assertThat(roster.version()).contains("ver7");
        assertThat(roster.items()).containsExactly(
                new RosterItem(Jid.parse("alice@conversations.im"), Optional.of("Alice"), Subscription.BOTH, false,
                        List.of("Friends", "Work")),
                new RosterItem(Jid.parse("bob@example.com"), Optional.empty(), Subscription.NONE, true, List.of()),
                new RosterItem(Jid.parse("carol@example.com"), Optional.empty(), Subscription.FROM, false, List.of()));
    }

    @Test
    void pushFromOwnAccountIsAccepted() {
        Iq push = new Iq(Xml.fixture(getClass(), "roster-push.xml"));
        Roster roster = Roster.parsePush(push, OWN).orElseThrow();
        assertThat(roster.version()).contains("ver8");
        assertThat(roster.items().getFirst().subscription()).isEqualTo(Subscription.REMOVE);
    }

    @Test
    void spoofedPushIsIgnored() {
        Iq push = new Iq(Xml.fixture(getClass(), "roster-push.xml").withAttribute("from", "eve@evil.example"));
        assertThat(Roster.parsePush(push, OWN)).isEmpty();
        Iq noFrom = new Iq(Xml.fixture(getClass(), "roster-push.xml").withAttribute("from", null));
        assertThat(Roster.parsePush(noFrom, OWN)).isPresent();
    }

    @Test
    void setAndRemoveBuilders() {
        Iq set = Iq.set(Roster.set(RosterItem.of(Jid.parse("nurse@example.com/x"), Optional.of("Nurse"),
                List.of("Servants")))).withId("r1");
        assertThat(set.element()).isEqualTo(Xml.parse("""
                <iq type='set' id='r1'><query xmlns='jabber:iq:roster'>\
                <item jid='nurse@example.com' name='Nurse'><group>Servants</group></item></query></iq>"""));
        assertThat(Roster.remove(Jid.parse("nurse@example.com"))).isEqualTo(Xml.parse(
                "<query xmlns='jabber:iq:roster'><item jid='nurse@example.com' subscription='remove'/></query>"));
    }
}
