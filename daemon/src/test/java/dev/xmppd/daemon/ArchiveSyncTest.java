package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.PeerMessage;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/** Live archiving and MAM catch-up against the real servers, seen through the control socket. */
class ArchiveSyncTest {

    @TempDir
    Path dir;

    @BothServers
    void messagesSentWhileTheDaemonIsStoppedAreCaughtUpOnceInOrderWithTheServersStanzaIds(XmppServer server) {
        Account alice = server.newAccount("archive");
        Account bob = server.newAccount("peer");
        try (SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
                daemon.addAccount(server, alice);
                daemon.awaitState(alice.jid(), "online", Duration.ofSeconds(30));
                peer.sendMessage(alice.jid(), "before the stop", "first", "chat");
                awaitMessages(daemon, alice, 1);
                assertThat(daemon.status(alice.jid()).path("archive").path("lastStanzaId").asText()).isNotEmpty();
            }
            // Prosody stamps archived messages in whole seconds: the burst must come in a later second than the
            // live message's arrival time, or "in order" could not be told from the timestamps.
            long second = java.time.Instant.now().getEpochSecond();
            Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> java.time.Instant.now().getEpochSecond() > second);
            peer.send(alice.jid(), "msg", 500, "burst");
        }
        long started = System.nanoTime();
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            List<JsonNode> progress = new ArrayList<>();
            JsonNode sync = daemon.call("sync", Map.of("account", alice.jid()), progress::add);
            long wallMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(sync.path("accounts").get(0).path("state").asText()).as("sync: %s", sync).isEqualTo("caught-up");
            // The round's time runs from its first query to its last commit: after the start, and never zero.
            assertThat(sync.path("accounts").get(0).path("ms").asLong()).as("sync: %s", sync)
                    .isPositive().isLessThanOrEqualTo(wallMillis);
            // xmppctl sync's progress line: one notification per committed page, the last one as far as the round
            // got, with the archive's RSM count as the total where the server gives one.
            assertThat(progress).as("sync.progress notifications").isNotEmpty();
            assertThat(progress).extracting(n -> n.path("pages").asInt()).isSorted().doesNotHaveDuplicates();
            JsonNode last = progress.getLast();
            assertThat(last.path("archive").asText()).isEqualTo(alice.jid());
            assertThat(last.path("fetched").asLong()).as("progress %s", progress)
                    .isEqualTo(sync.path("accounts").get(0).path("fetched").asLong()).isGreaterThanOrEqualTo(500);
            if (server.name().equals("ejabberd")) {
                assertThat(last.path("total").asLong()).as("progress %s", progress).isGreaterThanOrEqualTo(500);
            } else {
                // Prosody sends no RSM count when its archive never expires (mam_include_total is then false).
                assertThat(last.has("total")).as("progress %s", progress).isFalse();
            }

            JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", bob.jid(), "limit", 2000));
            List<String> bodies = texts(history, "body");
            List<String> expected = new ArrayList<>(List.of("before the stop"));
            IntStream.range(0, 500).mapToObj(i -> "msg " + i).forEach(expected::add);
            assertThat(bodies).containsExactlyElementsOf(expected);
            List<String> ids = texts(history, "id");
            assertThat(new HashSet<>(ids)).hasSize(501).doesNotContain("", "null");
            assertThat(history.path("messages").get(1).path("direction").asText()).isEqualTo("in");

            try (SlixmppPeer checker = SlixmppPeer.connect(server, alice,
                    SlixmppPeer.Options.defaults().withResource("checker").withPresence(false))) {
                Set<String> archived = new HashSet<>();
                checker.mamQuery(bob.jid()).stream().map(PeerMessage::stanzaId).forEach(archived::add);
                assertThat(new HashSet<>(ids)).isEqualTo(archived);
            }
            JsonNode status = daemon.status(alice.jid()).path("archive");
            assertThat(status.path("messages").asLong()).isEqualTo(501);
            assertThat(status.path("syncing").asBoolean()).isFalse();
        }
    }

    @BothServers
    void ourOtherClientsMessagesArriveAsOutgoingCarbonsAndAForgedCarbonIsDropped(XmppServer server) {
        Account alice = server.newAccount("carbons");
        Account bob = server.newAccount("peer");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of());
             SlixmppPeer bobPeer = SlixmppPeer.connect(server, bob)) {
            daemon.addAccount(server, alice);
            daemon.awaitState(alice.jid(), "online", Duration.ofSeconds(30));
            daemon.call("sync", Map.of("account", alice.jid()));
            try (SlixmppPeer phone = SlixmppPeer.connect(server, alice,
                    SlixmppPeer.Options.defaults().withResource("phone"))) {
                phone.sendMessage(bob.jid(), "sent from my phone", "phone-1", "chat");
            }
            String forged = "<message xmlns='jabber:client' to='" + alice.jid() + "' type='chat'>"
                    + "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                    + "<message xmlns='jabber:client' from='" + alice.jid("phone") + "' to='" + bob.jid()
                    + "' type='chat' id='forged-1'><body>I owe bob 1000 euros</body></message>"
                    + "</forwarded></sent></message>";
            bobPeer.sendRaw(forged);
            bobPeer.sendMessage(alice.jid(), "after the forgery", "after-1", "chat");
            awaitMessages(daemon, alice, 2);

            JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", bob.jid()));
            assertThat(texts(history, "body")).containsExactly("sent from my phone", "after the forgery");
            JsonNode sent = history.path("messages").get(0);
            assertThat(sent.path("direction").asText()).isEqualTo("out");
            assertThat(sent.path("from").asText()).isEqualTo(alice.jid("phone"));
            assertThat(sent.path("to").asText()).isEqualTo(bob.jid());
            assertThat(daemon.call("search", Map.of("text", "euros")).path("messages")).isEmpty();
        }
    }

    static void awaitMessages(RunningDaemon daemon, Account account, long count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(daemon.status(account.jid()).path("archive").path("messages").asLong())
                        .as("archived messages of %s", account.jid()).isGreaterThanOrEqualTo(count));
    }

    static List<String> texts(JsonNode result, String field) {
        List<String> values = new ArrayList<>();
        result.path("messages").forEach(m -> values.add(m.path(field).asText()));
        return values;
    }
}
