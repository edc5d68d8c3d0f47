package dev.xmppd.daemon;

import static dev.xmppd.daemon.OnlineAccount.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.RosterItem;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roster (RFC 6121 §2) through the control socket, with a slixmpp client on another resource of the same
 * account: our changes reach it, its changes reach us as pushes, and the next login asks with the stored version
 * (§2.6; ejabberd has {@code mod_roster: {versioning: true}} in the testbed, Prosody versions by default).
 */
class RosterTest {

    private static final String ROSTER = "jabber:iq:roster";

    @TempDir
    Path dir;

    @BothServers
    void rosterAddIsSeenByAnotherResourceAndItsPushesUpdateOurs(XmppServer server) {
        Account bob = server.newAccount("bob");
        Account carol = server.newAccount("carol");
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "roster");
             SlixmppPeer phone = alice.otherResource("phone")) {
            assertThat(alice.ok("roster.add", "jid", bob.jid(), "name", "Bob").path("ok").asBoolean()).isTrue();
            assertThat(phone.roster()).contains(new RosterItem(bob.jid(), "Bob", "none", List.of()));
            await(() -> assertThat(alice.rosterJids()).containsExactly(bob.jid()));

            phone.rosterAdd(carol.jid(), "Carol");
            await(() -> assertThat(alice.rosterJids()).containsExactlyInAnyOrder(bob.jid(), carol.jid()));
            JsonNode carolItem = item(alice.ok("roster"), carol.jid());
            assertThat(carolItem.path("name").asText()).isEqualTo("Carol");
            assertThat(carolItem.path("subscription").asText()).isEqualTo("none");

            phone.rosterRemove(bob.jid());
            await(() -> assertThat(alice.rosterJids()).containsExactly(carol.jid()));

            assertThat(alice.ok("roster.remove", "jid", carol.jid()).path("ok").asBoolean()).isTrue();
            assertThat(phone.roster()).extracting(RosterItem::jid).doesNotContain(carol.jid(), bob.jid());
            await(() -> assertThat(alice.rosterJids()).isEmpty());
        }
    }

    /** Like blocking: the change is visible to {@code roster} as soon as {@code roster.add/remove} answered. */
    @BothServers
    void rosterRightAfterAddOrRemoveShowsTheChange(XmppServer server) {
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "rosternow")) {
            for (int i = 0; i < 10; i++) {
                String contact = "contact-" + i + "@" + server.domain();
                alice.ok("roster.add", "jid", contact, "name", "Contact " + i);
                assertThat(item(alice.ok("roster"), contact).path("name").asText()).isEqualTo("Contact " + i);
                alice.ok("roster.add", "jid", contact, "name", "Renamed " + i);
                assertThat(item(alice.ok("roster"), contact).path("name").asText()).isEqualTo("Renamed " + i);
                alice.ok("roster.remove", "jid", contact);
                assertThat(alice.rosterJids()).as("after remove %d", i).doesNotContain(contact);
            }
        }
    }

    @BothServers
    void theNextLoginSendsTheStoredVersionAndKeepsTheRosterOnAnEmptyResult(XmppServer server) {
        Account bob = server.newAccount("bob");
        Account carol = server.newAccount("carol");
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "rosterver")) {
            alice.ok("roster.add", "jid", bob.jid(), "name", "Bob");
            try (SlixmppPeer phone = alice.otherResource("phone")) {
                phone.rosterAdd(carol.jid(), "Carol");
            }
            await(() -> assertThat(alice.rosterJids()).containsExactlyInAnyOrder(bob.jid(), carol.jid()));
            JsonNode before = alice.ok("roster");
            String version = before.path("version").asText();
            assertThat(version).as("%s versions the roster (urn:xmpp:features:rosterver)", server.name()).isNotEmpty();

            Element get = rosterGetOfNextLogin(alice, () -> { });
            assertThat(get.child("query", ROSTER).flatMap(q -> q.attribute("ver"))).contains(version);
            Iq answer = alice.responseTo(get.attribute("id").orElseThrow()).orElseThrow();
            assertThat(answer.element().attribute("type")).contains("result");
            assertThat(answer.payload()).as("%s: the roster is unchanged, so the result is empty (RFC 6121 §2.6.3)",
                    server.name()).isEmpty();
            JsonNode after = alice.ok("roster");
            assertThat(after.path("version").asText()).isEqualTo(version);
            assertThat(after.path("items")).isEqualTo(before.path("items"));

            // Changed while we were away: the stale version brings the new roster (in full or as pushes).
            Account dave = server.newAccount("dave");
            Element stale = rosterGetOfNextLogin(alice, () -> {
                try (SlixmppPeer phone = alice.otherResource("phone")) {
                    phone.rosterAdd(dave.jid(), "Dave");
                }
            });
            assertThat(stale.child("query", ROSTER).flatMap(q -> q.attribute("ver"))).contains(version);
            await(() -> assertThat(alice.rosterJids()).containsExactlyInAnyOrder(bob.jid(), carol.jid(), dave.jid()));
            assertThat(alice.ok("roster").path("version").asText()).isNotEqualTo(version).isNotEmpty();
        }
    }

    /** Disables the account, runs {@code whileOffline}, enables it again; the roster get of that new login. */
    private static Element rosterGetOfNextLogin(OnlineAccount alice, Runnable whileOffline) {
        alice.daemon().call("account.disable", OnlineAccount.params("jid", alice.jid()));
        alice.daemon().awaitState(alice.jid(), "disabled", OnlineAccount.TIMEOUT);
        whileOffline.run();
        int nextLogin = alice.transcript().size();
        alice.daemon().call("account.enable", OnlineAccount.params("jid", alice.jid()));
        alice.daemon().awaitState(alice.jid(), "online", OnlineAccount.TIMEOUT);
        return alice.sent(nextLogin, e -> e.name().equals("iq") && e.attribute("type").orElse("").equals("get")
                        && e.child("query", ROSTER).isPresent())
                .orElseThrow(() -> new AssertionError("no roster get in the next login"));
    }

    private static JsonNode item(JsonNode roster, String jid) {
        for (JsonNode item : roster.path("items")) {
            if (item.path("jid").asText().equals(jid)) {
                return item;
            }
        }
        throw new AssertionError("no roster item " + jid + " in " + roster);
    }
}
