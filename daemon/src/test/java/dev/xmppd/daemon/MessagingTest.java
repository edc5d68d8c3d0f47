package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.ext.sid.OriginId;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.PeerCommandException;
import dev.xmppd.testbed.PeerMessage;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@code send} through the control socket reaches another account's slixmpp client. */
class MessagingTest {

    @TempDir
    Path dir;

    @BothServers
    void sendReachesThePeerFromOurJidWithAnOriginId(XmppServer server) {
        Account bob = server.newAccount("bob");
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "send");
             SlixmppPeer bobClient = SlixmppPeer.connect(server, bob)) {
            String body = "hello from " + alice.jid() + " <&> ünïcødé";
            assertThat(alice.ok("send", "to", bob.jid(), "body", body).path("ok").asBoolean()).isTrue();

            List<PeerMessage> received = bobClient.awaitReceived(1, OnlineAccount.TIMEOUT);
            assertThat(received).hasSize(1);
            PeerMessage message = received.getFirst();
            assertThat(message.body()).isEqualTo(body);
            assertThat(message.type()).isEqualTo("chat");
            assertThat(message.fromBare()).isEqualTo(alice.jid());
            assertThat(message.from()).isEqualTo(alice.account().jid(OnlineAccount.RESOURCE));

            // The peer does not report origin-id; what we sent carries one (XEP-0359 §3) equal to the id it got.
            Element sent = alice.sent(0, e -> e.name().equals("message") && e.attribute("id").orElse("")
                    .equals(message.id())).orElseThrow(() -> new AssertionError("no message with id " + message.id()));
            assertThat(message.id()).isNotEmpty();
            assertThat(OriginId.of(sent)).contains(message.id());
            assertThat(sent.attribute("to")).contains(bob.jid());
        }
    }

    /**
     * Another client asks our full JID what it is (XEP-0030 §3.1, the slides' "me too") and pings it (XEP-0199): both
     * answered; any other request gets service-unavailable (RFC 6120 §8.4), never silence.
     */
    @BothServers
    void anotherClientGetsOurDiscoInfoAndPingAnswered(XmppServer server) {
        Account bob = server.newAccount("bob");
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "discome");
             SlixmppPeer bobClient = SlixmppPeer.connect(server, bob)) {
            String full = alice.account().jid(OnlineAccount.RESOURCE);

            String info = bobClient.iq("<iq type='get' to='" + full + "'>"
                    + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            assertThat(info).contains("result").contains("client").contains("xmppd")
                    .contains("urn:xmpp:ping").contains("urn:xmpp:carbons:2").contains("urn:xmpp:blocking");
            bobClient.ping(full);
            assertThatThrownBy(() -> bobClient.iq("<iq type='get' to='" + full + "'>"
                    + "<query xmlns='jabber:iq:version'/></iq>")).isInstanceOf(PeerCommandException.class)
                    .hasMessageContaining("service-unavailable");
        }
    }
}
