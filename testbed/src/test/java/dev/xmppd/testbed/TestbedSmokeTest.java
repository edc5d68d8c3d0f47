package dev.xmppd.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The testbed's promise in one test per server: two fresh accounts, a burst of 100 messages from
 * an independent client, every one delivered live and archived on both sides.
 */
class TestbedSmokeTest {

    private static final int COUNT = 100;

    @BothServers
    void hundredMessagesAreDeliveredAndArchivedOnBothSides(XmppServer server) {
        List<Account> accounts = server.newAccounts("smoke", 2);
        Account alice = accounts.get(0);
        Account bob = accounts.get(1);
        List<String> ids = IntStream.range(0, COUNT).mapToObj(i -> "burst-" + i).toList();
        List<String> bodies = IntStream.range(0, COUNT).mapToObj(i -> "hello " + i).toList();

        try (SlixmppPeer sender = SlixmppPeer.connect(server, alice);
             SlixmppPeer receiver = SlixmppPeer.connect(server, bob)) {
            assertThat(sender.jid()).isEqualTo(alice.jid("slixmpp"));

            sender.send(bob.jid(), "hello", COUNT, "burst");

            List<PeerMessage> live = receiver.awaitReceived(COUNT, Duration.ofSeconds(30));
            assertThat(live).extracting(PeerMessage::id).containsExactlyElementsOf(ids);
            assertThat(live).extracting(PeerMessage::fromBare).containsOnly(alice.jid());
            assertThat(live).allSatisfy(message -> assertThat(message.stanzaId()).isNotEmpty());

            List<PeerMessage> receiverArchive = receiver.mamQuery(alice.jid());
            assertThat(receiverArchive).extracting(PeerMessage::id).containsExactlyElementsOf(ids);
            assertThat(receiverArchive).extracting(PeerMessage::body).containsExactlyElementsOf(bodies);
            assertThat(receiverArchive).extracting(PeerMessage::stanzaId)
                    .containsExactlyElementsOf(live.stream().map(PeerMessage::stanzaId).toList());

            List<PeerMessage> senderArchive = sender.mamQuery(bob.jid());
            assertThat(senderArchive).extracting(PeerMessage::id).containsExactlyElementsOf(ids);
            assertThat(senderArchive).extracting(PeerMessage::body).containsExactlyElementsOf(bodies);
            assertThat(senderArchive).extracting(PeerMessage::to).allMatch(to -> to.startsWith(bob.jid()));
        }
    }
}
