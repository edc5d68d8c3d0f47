package dev.xmppd.daemon;

import static dev.xmppd.daemon.OnlineAccount.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking (XEP-0191) through the control socket: a blocked contact's messages never reach us, unblocking lets them
 * through again, and {@code blocklist} follows our own requests and the pushes caused by our other resources.
 */
class BlockingTest {

    @TempDir
    Path dir;

    /**
     * The peer's sends are acknowledged only after the server answered a ping sent behind them, and a c2s stream is
     * handled in order: when "after" reaches us, "blocked" was routed before it, so its absence is no accident.
     */
    @BothServers
    void blockedContactsMessagesNeverArriveAndUnblockLetsThemThrough(XmppServer server) {
        Account bob = server.newAccount("bob");
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "block");
             SlixmppPeer bobClient = SlixmppPeer.connect(server, bob)) {
            String blocked = "blocked-" + alice.account().user();
            String after = "after-" + alice.account().user();

            assertThat(alice.ok("block", "jid", bob.jid()).path("ok").asBoolean()).isTrue();
            await(() -> assertThat(alice.blocklist()).containsExactly(bob.jid()));
            bobClient.send(alice.jid(), blocked, 1, "blocked");

            assertThat(alice.ok("unblock", "jid", bob.jid()).path("ok").asBoolean()).isTrue();
            await(() -> assertThat(alice.blocklist()).isEmpty());
            bobClient.send(alice.jid(), after, 1, "after");

            await(() -> assertThat(alice.receivedXml()).anyMatch(xml -> xml.contains(after)));
            assertThat(alice.receivedXml()).noneMatch(xml -> xml.contains(blocked));
        }
    }

    @BothServers
    void blocksFromAnotherResourceOfOurAccountUpdateOurBlocklist(XmppServer server) {
        Account mallory = server.newAccount("mallory");
        Account trent = server.newAccount("trent");
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "blockpush");
             SlixmppPeer phone = alice.otherResource("phone")) {
            phone.block(mallory.jid());
            await(() -> assertThat(alice.blocklist()).containsExactly(mallory.jid()));

            alice.ok("block", "jid", trent.jid());
            assertThat(phone.blocklist()).containsExactlyInAnyOrder(mallory.jid(), trent.jid());
            await(() -> assertThat(alice.blocklist()).containsExactlyInAnyOrder(mallory.jid(), trent.jid()));

            phone.unblock(mallory.jid());
            await(() -> assertThat(alice.blocklist()).containsExactly(trent.jid()));
        }
    }

    /**
     * {@code xmppctl block A J; xmppctl blocklist A} shows J at once, though Prosody answers the block before it
     * pushes it. Repeated, because the push often wins the race.
     */
    @BothServers
    void blocklistRightAfterBlockOrUnblockShowsTheChange(XmppServer server) {
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "blocknow")) {
            for (int i = 0; i < 10; i++) {
                String contact = "contact-" + i + "@" + server.domain();
                alice.ok("block", "jid", contact);
                assertThat(alice.blocklist()).as("after block %d", i).contains(contact);
                alice.ok("unblock", "jid", contact);
                assertThat(alice.blocklist()).as("after unblock %d", i).doesNotContain(contact);
            }
        }
    }
}
