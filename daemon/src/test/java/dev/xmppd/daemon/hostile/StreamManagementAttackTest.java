package dev.xmppd.daemon.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.CannedLogin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream management (XEP-0198) lies and floods, and servers that stop mid-stanza: the daemon closes with the error
 * XEP-0198 §4 names, ignores nonzas it did not ask for, finds a stalled connection dead, and stays responsive.
 */
class StreamManagementAttackTest {

    private static final String SM = CannedLogin.SM;

    @TempDir
    Path dir;

    @Test
    void anAckForMoreThanWasSentClosesWithHandledCountTooHighAndKeepsTheQueue() {
        try (Hostile h = Hostile.start(dir, c -> {
            CannedLogin.onlineWithStreamManagement(c, Hostile.ALICE_FULL);
            c.expect("^<message\\b.*queued-body");
            c.send("<a xmlns='" + SM + "' h='1000'/>");
            c.stallUntilClosed();
        })) {
            h.daemon.awaitState(Hostile.ALICE, "online", Hostile.WAIT);
            JsonNode sent = h.daemon.call("send", Map.of("account", Hostile.ALICE, "to", Hostile.BOB,
                    "body", "queued-body"));
            assertThat(sent.has("error")).as("send: %s", sent).isFalse();

            Awaitility.await().atMost(Hostile.WAIT).untilAsserted(() -> assertThat(h.server.received())
                    .containsPattern("<stream:error>\\s*<undefined-condition xmlns=['\"]urn:ietf:params:xml:ns:"
                            + "xmpp-streams['\"]/>\\s*<handled-count-too-high xmlns=['\"]" + SM
                            + "['\"] h=['\"]1000['\"] send-count=['\"]\\d+['\"]"));
            h.awaitAliceBack();
            // The message the server did not really acknowledge is sent again on the next stream.
            Awaitility.await().atMost(Hostile.WAIT).until(() -> Hostile.count(h.server.received(), "queued-body") >= 2);
            // ... and archived once.
            assertThat(h.daemon.call("history", Map.of("account", Hostile.ALICE)).path("messages"))
                    .extracting(m -> m.path("body").asText()).containsExactly("queued-body");
            h.assertOthersUnharmed();
        }
    }

    @Test
    void enabledWithoutAskingIsIgnored() {
        afterLoginThenPing("<enabled xmlns='" + SM + "' id='never-asked' resume='true'/><r xmlns='" + SM + "'/>");
    }

    @Test
    void resumedWithAPrevidWeNeverHadIsIgnored() {
        afterLoginThenPing("<resumed xmlns='" + SM + "' previd='never-had' h='0'/><r xmlns='" + SM + "'/>");
    }

    @Test
    void aFloodOfAckRequestsLeavesTheDaemonResponsive() {
        try (Hostile h = Hostile.start(dir, c -> {
            CannedLogin.onlineWithStreamManagement(c, Hostile.ALICE_FULL);
            String request = "<r xmlns='" + SM + "'/>";
            for (int i = 0; i < 100; i++) {
                c.send(request.repeat(1_000));
            }
            Hostile.pingAndAwaitAnswer(c);
        })) {
            h.awaitPingAnswered();
            // Each <r/> gets at most one answer, and the stream survives.
            assertThat(Hostile.count(h.server.received(), "<a ")).isBetween(1, 100_000);
            assertThat(h.server.connections()).isEqualTo(1);
            assertThat(h.daemon.state(Hostile.ALICE)).isEqualTo("online");
            h.assertUnharmed();
        }
    }

    @Test
    void aServerStallingMidStanzaIsFoundDeadAndLeft() {
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            c.send("<message from='bob@localhost/phone' to='" + Hostile.ALICE_FULL + "' type='chat'><body>slo");
            c.stallUntilClosed();
        }, Hostile.STREAM.withProbe(Duration.ofSeconds(1), Duration.ofSeconds(2)))) {
            h.awaitAliceBack();
            // The probe went out (an XEP-0199 ping: this stream has no stream management) before giving up.
            assertThat(h.server.received()).containsPattern("<ping xmlns=['\"]urn:xmpp:ping['\"]");
            h.assertUnharmed();
        }
    }

    /** {@code nonzas} after a login without stream management: ignored, no session, no ack. */
    private void afterLoginThenPing(String nonzas) {
        try (Hostile h = Hostile.afterLoginThenPing(dir, nonzas)) {
            JsonNode sm = h.daemon.status(Hostile.ALICE).path("sm");
            assertThat(sm.path("resumable").asBoolean(false)).as("sm status %s", sm).isFalse();
            assertThat(sm.path("id").asText("")).isNotIn("never-asked", "never-had");
            assertThat(h.server.received()).doesNotContain("<a xmlns='" + SM).doesNotContain("<a xmlns=\"" + SM);
            h.assertUnharmed();
        }
    }
}
