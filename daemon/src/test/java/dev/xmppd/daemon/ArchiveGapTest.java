package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.FaultProxy;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gap in the archive: messages the server sent to a session that could not be resumed (XEP-0198 {@code <failed/>})
 * never reached us live. The new session's catch-up starts after the newest stanza-id held, read before presence,
 * and fetches them from the server's archive (XEP-0313).
 */
class ArchiveGapTest {
    private static final Duration LOGIN = Duration.ofSeconds(30);
    private static final int LOST = 20;
    private static final Pattern MAM_BODY = Pattern.compile("urn:xmpp:mam:2.*<body>(lost \\d+)</body>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @BothServers
    void messagesSentToASessionThatCouldNotBeResumedAreCaughtUpFromTheArchive(XmppServer server) {
        Account alice = server.newAccount("gap");
        Account bob = server.newAccount("peer");
        try (FaultProxy proxy = FaultProxy.start(server.host(), server.starttlsPort());
             RunningDaemon daemon = RunningDaemon.start(dir, List.of());
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            String id = StreamManagementTest.online(daemon, server, alice, proxy);
            assertThat(daemon.call("sync", Map.of("account", alice.jid())).toString()).contains("caught-up");
            peer.sendMessage(alice.jid(), "before the gap", "gap-before", "chat");
            ArchiveSyncTest.awaitMessages(daemon, alice, 1);

            // The server goes on writing to our connection, and nothing of it reaches us: archived, never received.
            proxy.blackHole();
            peer.send(alice.jid(), "lost", LOST, "gap");
            peer.ping(null);
            // Another client binds the session's resource: the server ends that session, so it cannot be resumed.
            try (SlixmppPeer other = SlixmppPeer.connect(server, alice,
                    SlixmppPeer.Options.defaults().withResource("sm").withPresence(false))) {
                other.ping(null);
            }
            int before = daemon.transcript(alice.jid()).size();
            proxy.cut();

            Awaitility.await().atMost(LOGIN).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                JsonNode status = daemon.status(alice.jid());
                assertThat(status.path("state").asText()).isEqualTo("online");
                assertThat(status.path("sm").path("id").asText()).as("a new session").isNotIn(id, "");
            });
            JsonNode sync = daemon.call("sync", Map.of("account", alice.jid()));
            assertThat(sync.path("accounts").get(0).path("state").asText()).as("sync: %s", sync).isEqualTo("caught-up");

            List<Transcript.Entry> after = daemon.transcript(alice.jid()).subList(before,
                    daemon.transcript(alice.jid()).size());
            assertThat(after).as("the resumption failed").anyMatch(e -> e.direction() == Transcript.Direction.RECEIVED
                    && e.element().map(x -> x.is("failed", "urn:xmpp:sm:3")).orElse(false));
            Set<String> fromArchive = after.stream().filter(e -> e.direction() == Transcript.Direction.RECEIVED)
                    .map(e -> MAM_BODY.matcher(e.xml())).filter(Matcher::find).map(m -> m.group(1))
                    .collect(Collectors.toSet());
            List<String> lost = IntStream.range(0, LOST).mapToObj(i -> "lost " + i).toList();
            assertThat(fromArchive).as("fetched by the new session's catch-up").containsAll(lost);

            // Each once (the server may also deliver its copies again after the new login; they are deduplicated).
            // Not compared in order: Prosody stamps archived messages in whole seconds.
            JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", bob.jid(), "limit", 100));
            List<String> expected = new ArrayList<>(List.of("before the gap"));
            expected.addAll(lost);
            assertThat(ArchiveSyncTest.texts(history, "body")).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
