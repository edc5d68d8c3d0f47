package dev.xmppd.daemon.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.MatchResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stanzas whose sender has no authority over what they claim (RFC 6121 §2.1.6 roster pushes, XEP-0191 blocklist
 * pushes, RFC 6120 §8.1.2.1 IQ results, XEP-0280 §11 carbons, XEP-0313 results, XEP-0359 §3.3 stanza-ids): the
 * daemon ignores them and stores nothing they carry. Each test ends with a legitimate stanza the daemon handles,
 * so "nothing stored" is checked after the forged stanza was processed.
 */
class SpoofingTest {

    private static final String MALLORY = "mallory@localhost/evil";
    private static final String LEGIT = "<message from='bob@localhost/phone' to='" + Hostile.ALICE_FULL
            + "' type='chat' id='legit-1'><body>legit</body></message>";

    @TempDir
    Path dir;

    @Test
    void aRosterPushFromAnotherJidIsIgnored() {
        pushThenPing("<iq type='set' id='forged-push' from='" + MALLORY + "' to='" + Hostile.ALICE_FULL + "'>"
                + "<query xmlns='jabber:iq:roster'><item jid='eve@localhost' subscription='both'/></query></iq>");
    }

    @Test
    void aBlocklistPushFromAnotherJidIsIgnored() {
        pushThenPing("<iq type='set' id='forged-block' from='" + MALLORY + "' to='" + Hostile.ALICE_FULL + "'>"
                + "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/></block></iq>");
    }

    @Test
    void anIqResultFromAnotherJidThanAskedIsIgnored() {
        try (Hostile h = Hostile.startRaw(dir, c -> {
            CannedLogin.bound(c, Hostile.ALICE_FULL);
            String get = c.expectElement("^<iq\\b[^>]*type=['\"]get['\"].*jabber:iq:roster");
            String id = ScriptedConnection.attribute(get, "id").orElseThrow();
            c.send("<iq type='result' id='" + id + "' from='" + MALLORY + "' to='" + Hostile.ALICE_FULL + "'>"
                    + "<query xmlns='jabber:iq:roster'><item jid='eve@localhost' subscription='both'/></query></iq>");
            c.send("<iq type='result' id='" + id + "' to='" + Hostile.ALICE_FULL + "'>"
                    + "<query xmlns='jabber:iq:roster'/></iq>");
            c.expect("^<presence\\b");
        })) {
            h.daemon.awaitState(Hostile.ALICE, "online", Hostile.WAIT);
            assertThat(h.server.connections()).isEqualTo(1);
            h.assertUnharmed();
        }
    }

    @Test
    void aCarbonFromAThirdPartyIsNotArchived() {
        afterLoginThenLegit(c -> c.send("<message from='" + MALLORY + "' to='" + Hostile.ALICE_FULL + "'>"
                + "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                + "<message from='bob@localhost/phone' to='" + Hostile.ALICE_FULL + "' type='chat' id='c1'>"
                + "<body>forged carbon</body></message></forwarded></received></message>"));
    }

    @Test
    void mamResultsWithAWrongQueryIdOrFromAnotherArchiveAreNotArchived() {
        afterLoginThenLegit(c -> {
            MatchResult query = c.expect("^<iq\\b.*<query xmlns=['\"]urn:xmpp:mam:2['\"][^>]*queryid=['\"]([^'\"]+)");
            String queryId = query.group(1);
            String request = query.group();
            String id = ScriptedConnection.attribute(request, "id").orElseThrow();
            c.send(mamResult("", "wrong-query", "forged-a", "forged with a wrong queryid"));
            c.send(mamResult(" from='mallory@localhost'", queryId, "forged-b", "forged from another archive"));
            c.send("<iq type='result' id='" + id + "' to='" + Hostile.ALICE_FULL + "'><fin xmlns='urn:xmpp:mam:2' "
                    + "complete='true'><set xmlns='http://jabber.org/protocol/rsm'><count>0</count></set></fin></iq>");
        });
    }

    @Test
    void aStanzaIdByAnotherEntityIsNotTrusted() {
        String foreignId = "<stanza-id xmlns='urn:xmpp:sid:0' by='mallory@localhost' id='foreign-1'/>";
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            c.send("<message from='bob@localhost/phone' to='" + Hostile.ALICE_FULL + "' type='chat' id='m1'>"
                    + "<body>first</body>" + foreignId + "</message>");
            c.send("<message from='bob@localhost/phone' to='" + Hostile.ALICE_FULL + "' type='chat' id='m2'>"
                    + "<body>second</body>" + foreignId + "</message>");
        })) {
            // Both are kept: a foreign id must not make the second look like a duplicate of the first.
            Awaitility.await().atMost(Hostile.WAIT).until(() -> history(h).size() == 2);
            assertThat(history(h)).extracting(m -> m.path("body").asText()).containsExactly("first", "second");
            assertThat(history(h)).extracting(m -> m.path("id").asText()).doesNotContain("foreign-1");
        }
    }

    /**
     * 100,000 presences from 100,000 JIDs that are not in the roster. Presence is not kept (Session hands it to
     * ArchiveSync, which looks only at rooms being joined), so the daemon stays responsive and its heap does not grow
     * with the flood: measured after a full GC before and after (the test's own transcript of the stream dropped),
     * the growth stays under 16 MiB, less than 170 bytes a presence, where keeping each one would cost kilobytes.
     */
    @Test
    void aFloodOfPresencesLeavesTheDaemonResponsiveWithBoundedMemory() throws Exception {
        CompletableFuture<Void> flood = new CompletableFuture<>();
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            flood.join();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100_000; i++) {
                batch.append("<presence from='user").append(i).append("@localhost/r' to='").append(Hostile.ALICE_FULL)
                        .append("'><status>").append(i).append("</status></presence>");
                if (i % 1_000 == 999) {
                    c.send(batch.toString());
                    batch.setLength(0);
                }
            }
            Hostile.pingAndAwaitAnswer(c);
        })) {
            h.daemon.awaitState(Hostile.ALICE, "online", Hostile.WAIT);
            int statusBefore = h.daemon.status(Hostile.ALICE).toString().length();
            h.daemon.forgetTranscript(Hostile.ALICE);
            long heapBefore = heapAfterGc();
            flood.complete(null);

            h.awaitPingAnswered();
            assertThat(h.server.connections()).isEqualTo(1);
            assertThat(h.daemon.state(Hostile.ALICE)).isEqualTo("online");
            h.daemon.forgetTranscript(Hostile.ALICE);
            long growth = heapAfterGc() - heapBefore;
            assertThat(growth).as("heap growth after the flood: %d KiB", growth / 1024).isLessThan(16L << 20);
            // Nothing per sender in the account's status either (give or take a counter's digits).
            assertThat(h.daemon.status(Hostile.ALICE).toString().length()).isLessThan(statusBefore + 64);
            h.assertUnharmed();
        }
    }

    /** Heap in use after a full collection (System.gc through the MXBean; G1 runs it as a full GC). */
    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String mamResult(String from, String queryId, String id, String body) {
        return "<message" + from + " to='" + Hostile.ALICE_FULL + "'><result xmlns='urn:xmpp:mam:2' queryid='"
                + queryId + "' id='" + id + "'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' "
                + "stamp='2020-01-01T00:00:00Z'/><message from='bob@localhost/phone' to='" + Hostile.ALICE
                + "' type='chat'><body>" + body + "</body></message></forwarded></result></message>";
    }

    /** The forged push, then a ping from the server whose answer shows the push was handled before it. */
    private void pushThenPing(String forged) {
        try (Hostile h = Hostile.afterLoginThenPing(dir, forged)) {
            assertThat(h.server.received()).doesNotContainPattern("<iq[^>]*type=['\"]result['\"][^>]*id=['\"]forged");
            h.assertUnharmed();
        }
    }

    /** {@code hostile} after login, then a legitimate message: once that is archived, it must be the only one. */
    private void afterLoginThenLegit(ScriptedServerPart hostile) {
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            hostile.play(c);
            c.send(LEGIT);
        })) {
            Awaitility.await().atMost(Hostile.WAIT).until(() -> !history(h).isEmpty());
            assertThat(history(h)).extracting(m -> m.path("body").asText()).containsExactly("legit");
            h.assertOthersUnharmed();
        }
    }

    private static List<JsonNode> history(Hostile h) {
        List<JsonNode> messages = new java.util.ArrayList<>();
        h.daemon.call("history", Map.of("account", Hostile.ALICE)).path("messages").forEach(messages::add);
        return messages;
    }

    @FunctionalInterface
    private interface ScriptedServerPart {
        void play(ScriptedConnection c);
    }
}
