package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XEP-0198 stream management inside SASL2 (XEP-0388) and Bind2 (XEP-0386), against a scripted server that follows
 * the XEPs' examples: no server here does it (Prosody 0.12's mod_sasl2_sm needs mod_smacks.do_enable, which 0.12
 * lacks; ejabberd 23.01 has no SASL2). The server counts the client's stanzas as XEP-0198 §4 says
 * ({@link ScriptedConnection#countStanzasFrom}), so every h it sends is the real one, and in the end answers the
 * client's {@code <r/>} with it: an empty queue means both sides counted alike.
 * <ul>
 * <li>first login: {@code <enable resume='true'/>} inside the Bind2 request, answered by {@code <enabled/>} inside
 *     {@code <bound/>}; no separate {@code <enable/>} afterwards. Three messages go out, the server handles the first
 *     only, then the connection is cut;</li>
 * <li>{@link #aCutSessionIsResumedInsideAuthenticate}: the next {@code <authenticate/>} carries
 *     {@code <resume previd h/>} with the h we last acknowledged; {@code <success/>} carries {@code <resumed h/>}
 *     acknowledging the first message: the other two are sent again exactly once, no bind, our inbound count goes on
 *     from the h we sent, and the server's final h empties our queue;</li>
 * <li>{@link #aFailedResumptionFallsBackToBind2WithStreamManagement}: {@code <success/>} carries {@code <failed h/>}
 *     and the Bind2 result with a new session: a full login on it, the two unacknowledged messages sent once
 *     more after it, nothing lost.</li>
 * </ul>
 */
class InlineStreamManagementTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "alice@localhost";
    private static final String FULL = ALICE + "/xmppd-1";
    private static final String SM = CannedLogin.SM;
    private static final String SASL2 = "urn:xmpp:sasl:2";
    private static final String BIND2 = "urn:xmpp:bind:0";
    /** XEP-0388 §2.1 with XEP-0198's {@code <sm/>} inline and XEP-0386's Bind2 offering carbons and sm. */
    private static final String FEATURES = "<stream:features><authentication xmlns='" + SASL2 + "'>"
            + "<mechanism>PLAIN</mechanism><inline><sm xmlns='" + SM + "'/><bind xmlns='" + BIND2 + "'><inline>"
            + "<feature var='urn:xmpp:carbons:2'/><feature var='" + SM + "'/></inline></bind></inline>"
            + "</authentication></stream:features>";
    /** What the authenticated stream offers (as Prosody: sm listed again; the client must not enable twice). */
    private static final String AUTHENTICATED_FEATURES = "<stream:features><sm xmlns='" + SM + "'/></stream:features>";
    private static final Pattern ACK = Pattern.compile("^<a\\b[^>]*\\bh=['\"](\\d+)['\"]");

    @TempDir
    Path dir;

    /** What the first connection learned: the h the server handled through m-1, and our last answer to r. */
    private final CompletableFuture<Long> handledThroughFirst = new CompletableFuture<>();
    private final CompletableFuture<Long> ourHBeforeCut = new CompletableFuture<>();
    private final CompletableFuture<String> firstAuthenticate = new CompletableFuture<>();
    private final CompletableFuture<String> secondAuthenticate = new CompletableFuture<>();

    @Test
    void aCutSessionIsResumedInsideAuthenticate() throws Exception {
        CompletableFuture<Long> ourHAfterResume = new CompletableFuture<>();
        try (ScriptedServer server = ScriptedServer.start(Files.createDirectories(dir.resolve("server")), c -> {
            if (c.number() == 1) {
                firstConnection(c);
                return;
            }
            long h = secondAuthenticate(c);
            // XEP-0198 (SASL2 section): the resumption's answer inside the success; the server handled m-1 only.
            c.send("<success xmlns='" + SASL2 + "'><authorization-identifier>" + FULL + "</authorization-identifier>"
                    + "<resumed xmlns='" + SM + "' h='" + h + "' previd='sm-1'/></success>");
            c.send(AUTHENTICATED_FEATURES);
            c.boundJid(FULL);
            c.countStanzasFrom(h);
            c.expect("^<message\\b.*>m-2<");
            c.expect("^<message\\b.*>m-3<");
            // Two stanzas to us on the resumed session: our h goes on from the one our <resume/> sent.
            c.send("<presence from='bob@localhost/phone' to='" + FULL + "'/>");
            ourHAfterResume.complete(pingThenAskForAck(c));
            c.expect("^<message\\b.*>m-4<");
            c.answerAcks();
            c.answerUntilClosed();
        }); RunningDaemon daemon = RunningDaemon.start(Files.createDirectories(dir.resolve("daemon")), List.of())) {
            addAlice(daemon, server);
            firstLoginThenThreeMessagesAndACut(daemon);

            String resume = secondAuthenticate.get(30, TimeUnit.SECONDS);
            assertThat(resume).containsPattern("<resume\\b[^>]*xmlns=['\"]" + SM + "['\"]")
                    .containsPattern("previd=['\"]sm-1['\"]")
                    .containsPattern("\\bh=['\"]" + ourHBeforeCut.get() + "['\"]");
            long afterResume = ourHAfterResume.get(30, TimeUnit.SECONDS);
            assertThat(afterResume).as("our h after the presence and ping on the resumed session")
                    .isEqualTo(ourHBeforeCut.get() + 2);
            JsonNode status = daemon.awaitState(ALICE, "online", WAIT);
            assertThat(status.path("boundJid").asText()).isEqualTo(FULL);
            assertThat(status.path("login").path("path").asText()).isEqualTo("sasl2+resumed");
            send(daemon, "m-4");
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                JsonNode sm = daemon.status(ALICE).path("sm");
                assertThat(sm.path("unacked").asInt(-1)).as("sm %s", sm).isZero();
                assertThat(sm.path("resumptions").asInt()).as("sm %s", sm).isEqualTo(1);
                assertThat(sm.path("id").asText()).isEqualTo("sm-1");
            });

            String received = server.received();
            assertThat(count(received, ">m-1<")).as("acknowledged by <resumed h/>: not resent").isEqualTo(1);
            assertThat(count(received, ">m-2<")).as("sent, then resent once").isEqualTo(2);
            assertThat(count(received, ">m-3<")).as("sent, then resent once").isEqualTo(2);
            assertThat(count(received, ">m-4<")).isEqualTo(1);
            assertThat(received).doesNotContain("handled-count-too-high").doesNotContain("<stream:error");
            assertThat(Pattern.compile("<bind\\b[^>]*urn:ietf:params:xml:ns:xmpp-bind").matcher(received).find())
                    .as("no classic bind").isFalse();
            assertThat(matches(received, "<resume\\b")).as("resumed inside <authenticate/> only").isEqualTo(1);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void aFailedResumptionFallsBackToBind2WithStreamManagement() throws Exception {
        String second = ALICE + "/xmppd-2";
        try (ScriptedServer server = ScriptedServer.start(Files.createDirectories(dir.resolve("server")), c -> {
            if (c.number() == 1) {
                firstConnection(c);
                return;
            }
            long h = secondAuthenticate(c);
            // XEP-0198 (SASL2 section): the session is gone (its h still says what was handled), the Bind2 request
            // was processed instead, with a new stream management session.
            c.send("<success xmlns='" + SASL2 + "'><authorization-identifier>" + second + "</authorization-identifier>"
                    + "<failed xmlns='" + SM + "' h='" + h + "'><item-not-found "
                    + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed><bound xmlns='" + BIND2 + "'>"
                    + "<enabled xmlns='" + SM + "' id='sm-2' resume='true'/></bound></success>");
            c.send(AUTHENTICATED_FEATURES);
            c.boundJid(second);
            c.countStanzasFrom(0);
            c.expect("^<presence\\b");
            c.expect("^<message\\b.*>m-2<");
            c.expect("^<message\\b.*>m-3<");
            c.answerAcks();
            c.answerUntilClosed();
        }); RunningDaemon daemon = RunningDaemon.start(Files.createDirectories(dir.resolve("daemon")), List.of())) {
            addAlice(daemon, server);
            firstLoginThenThreeMessagesAndACut(daemon);

            String authenticate = secondAuthenticate.get(30, TimeUnit.SECONDS);
            assertThat(authenticate).containsPattern("<resume\\b[^>]*previd=['\"]sm-1['\"]")
                    .containsPattern("<bind\\b[^>]*" + BIND2 + "[\\s\\S]*<enable\\b[^>]*" + SM);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                JsonNode status = daemon.status(ALICE);
                assertThat(status.path("state").asText()).isEqualTo("online");
                assertThat(status.path("boundJid").asText()).isEqualTo(second);
                assertThat(status.path("login").path("path").asText()).isEqualTo("sasl2+bind2");
                JsonNode sm = status.path("sm");
                assertThat(sm.path("id").asText()).as("sm %s", sm).isEqualTo("sm-2");
                assertThat(sm.path("resumable").asBoolean()).as("sm %s", sm).isTrue();
                assertThat(sm.path("resumptions").asInt(-1)).as("sm %s", sm).isZero();
                assertThat(sm.path("unacked").asInt(-1)).as("sm %s", sm).isZero();
            });

            String received = server.received();
            assertThat(count(received, ">m-1<")).as("acknowledged by <failed h/>: not resent").isEqualTo(1);
            assertThat(count(received, ">m-2<")).as("sent, then once more after the new login").isEqualTo(2);
            assertThat(count(received, ">m-3<")).as("sent, then once more after the new login").isEqualTo(2);
            assertThat(received).doesNotContain("handled-count-too-high").doesNotContain("<stream:error");
            assertThat(matches(received, "<enable\\b[^>]*" + SM)).as("stream management enabled inside Bind2 only, "
                    + "once a login").isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.failures()).isEmpty();
        }
    }

    /**
     * A fresh SASL2 login with stream management enabled inside Bind2; then m-1..m-3 arrive, only m-1 is counted
     * as handled (the test reads the rest but the server "loses" them), our h is asked for, and the connection cut.
     */
    private void firstConnection(ScriptedConnection c) {
        CannedLogin.tls(c);
        c.send(FEATURES);
        firstAuthenticate.complete(c.expectElement("^<authenticate\\b"));
        // XEP-0386 with XEP-0198: the answer to <enable/> inside <bound/>.
        c.send("<success xmlns='" + SASL2 + "'><authorization-identifier>" + FULL + "</authorization-identifier>"
                + "<bound xmlns='" + BIND2 + "'><enabled xmlns='" + SM + "' id='sm-1' resume='true' max='600'/>"
                + "</bound></success>");
        c.send(AUTHENTICATED_FEATURES);
        c.boundJid(FULL);
        c.countStanzasFrom(0);
        c.expect("^<presence\\b");
        c.expect("^<message\\b.*>m-1<");
        handledThroughFirst.complete(c.stanzasHandled());
        c.expect("^<message\\b.*>m-2<");
        c.expect("^<message\\b.*>m-3<");
        c.send("<presence from='bob@localhost/phone' to='" + FULL + "'/>");
        ourHBeforeCut.complete(pingThenAskForAck(c));
        c.reset();
    }

    /** The second connection up to the client's {@code <authenticate/>}; the h the server handled on the first. */
    private long secondAuthenticate(ScriptedConnection c) throws Exception {
        CannedLogin.tls(c);
        c.send(FEATURES);
        secondAuthenticate.complete(c.expectElement("^<authenticate\\b"));
        return handledThroughFirst.get(30, TimeUnit.SECONDS);
    }

    /** A ping answered (so what came before it was handled), then {@code <r/>}: the h of the daemon's answer. */
    private static long pingThenAskForAck(ScriptedConnection c) {
        c.send("<iq type='get' id='barrier-" + c.number() + "' from='localhost' to='" + FULL + "'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        c.expect("^<iq\\b[^>]*id=['\"]barrier-" + c.number() + "['\"]");
        c.send("<r xmlns='" + SM + "'/>");
        return Long.parseLong(c.expect(ACK.pattern()).group(1));
    }

    private static void addAlice(RunningDaemon daemon, ScriptedServer server) {
        JsonNode added = daemon.call("account.add", Map.of("jid", ALICE, "password", "secret", "host", server.host(),
                "port", server.port(), "trustedCert", server.certificate().certificatePem().toString()));
        assertThat(added.path("jid").asText()).as("account.add: %s", added).isEqualTo(ALICE);
    }

    /** The first login as the quick path with inline stream management, then m-1..m-3 sent and the cut. */
    private void firstLoginThenThreeMessagesAndACut(RunningDaemon daemon) throws Exception {
        JsonNode online = daemon.awaitState(ALICE, "online", WAIT);
        assertThat(online.path("login").path("path").asText()).isEqualTo("sasl2+bind2");
        String authenticate = firstAuthenticate.get(30, TimeUnit.SECONDS);
        assertThat(authenticate).doesNotContain("<resume")
                .containsPattern("<bind\\b[^>]*" + BIND2 + "[\\s\\S]*<enable\\b[^>]*" + SM + "[^>]*resume=['\"]true");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            JsonNode sm = daemon.status(ALICE).path("sm");
            assertThat(sm.path("id").asText()).as("sm %s", sm).isEqualTo("sm-1");
            assertThat(sm.path("resumable").asBoolean()).as("sm %s", sm).isTrue();
        });
        for (String body : List.of("m-1", "m-2", "m-3")) {
            send(daemon, body);
        }
        ourHBeforeCut.get(30, TimeUnit.SECONDS);
    }

    private static void send(RunningDaemon daemon, String body) {
        JsonNode sent = daemon.call("send", Map.of("account", ALICE, "to", "bob@localhost", "body", body));
        assertThat(sent.has("error")).as("send: %s", sent).isFalse();
    }

    private static int count(String text, String part) {
        return matches(text, Pattern.quote(part));
    }

    private static int matches(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
