package dev.xmppd.daemon.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.RunningDaemon;
import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XEP-0198 {@code h} is a 32-bit counter that wraps to 0 (§4); a long-lived session gets there. The daemon's
 * counters are put just below 2^32 in the stored session (what a restart resumes), then a restarted daemon resumes
 * it against a scripted server and both counters cross the wrap on the live stream:
 * <ul>
 * <li>outbound: {@code <resumed h/>} acknowledges one of the three stored stanzas, the other two are sent once, four
 *     new messages take the count past 2^32 and the server acknowledges all it got with a small {@code h}: the
 *     queue is empty, nothing is sent twice, no {@code handled-count-too-high};</li>
 * <li>inbound: our {@code h} was 2^32 - 2; after three presences (and the results of the daemon's own queries, which
 *     the scripted server answers) the server's {@code <r/>} gets a small {@code h}, the handled count mod 2^32.</li>
 * </ul>
 */
class CounterWrapTest {

    private static final String SM = CannedLogin.SM;
    private static final String ALICE = Hostile.ALICE;
    private static final String ALICE_FULL = Hostile.ALICE_FULL;
    private static final long WRAP = 1L << 32;
    /** The stored session: the server acknowledged up to here; three stanzas after it are unacknowledged. */
    private static final long ACKED = WRAP - 6;
    private static final long SENT = ACKED + 3;
    private static final long HANDLED = WRAP - 2;

    @TempDir
    Path dir;

    @Test
    void bothCountersWrapPast2To32OnAResumedSession() throws Exception {
        StreamSettings d = StreamSettings.DEFAULTS;
        StreamSettings stream = new StreamSettings(d.ackEvery(), d.ackDelay(), d.probeAfter(), d.probeTimeout(), true,
                ClientState.ACTIVE);
        CompletableFuture<List<String>> inboundAck = new CompletableFuture<>();
        CompletableFuture<String> resume = new CompletableFuture<>();
        CompletableFuture<Long> outboundToAck = new CompletableFuture<>();
        Path daemonDir = Files.createDirectories(dir.resolve("daemon"));
        try (ScriptedServer server = ScriptedServer.start(Files.createDirectories(dir.resolve("server")), c -> {
            if (c.number() == 1) {
                CannedLogin.onlineWithStreamManagement(c, ALICE_FULL);
                c.answerUntilClosed();
            } else {
                resumeAcrossTheWrap(c, resume, inboundAck, outboundToAck);
            }
        })) {
            try (RunningDaemon first = RunningDaemon.start(daemonDir, List.of(), stream)) {
                JsonNode added = first.call("account.add", Map.of("jid", ALICE, "password", "secret", "host",
                        server.host(), "port", server.port(), "trustedCert",
                        server.certificate().certificatePem().toString()));
                assertThat(added.path("jid").asText()).as("account.add: %s", added).isEqualTo(ALICE);
                first.awaitState(ALICE, "online", Hostile.WAIT);
                Awaitility.await().atMost(Hostile.WAIT).until(() -> first.status(ALICE).path("sm").path("resumable")
                        .asBoolean(false));
            }
            storeSessionNearTheWrap(daemonDir.resolve("data").resolve("xmppd"));

            try (RunningDaemon second = RunningDaemon.start(daemonDir, List.of(), stream)) {
                String resumeElement = resume.get(30, TimeUnit.SECONDS);
                assertThat(ScriptedConnection.attribute(resumeElement, "h")).contains(Long.toString(HANDLED));
                second.awaitState(ALICE, "online", Hostile.WAIT);
                // Our h went from 2^32 - 2 past the wrap, only ever forward, and stands for every stanza handled.
                List<String> answers = inboundAck.get(30, TimeUnit.SECONDS);
                assertThat(answers).as("answers to <r/>").isSortedAccordingTo(Comparator.comparingLong(
                        h -> (Long.parseLong(h) - HANDLED + WRAP) % WRAP));
                long lastH = Long.parseLong(answers.getLast());
                assertThat(lastH).as("answers to <r/>: %s", answers).isLessThan(HANDLED);
                // The status is refreshed on its own schedule: wait until it shows the count past 2^32 too. Our h
                // never claims more than was handled (the status may already count a stanza after the last <r/>).
                Awaitility.await().atMost(Hostile.WAIT).untilAsserted(() -> assertThat(
                        second.status(ALICE).path("sm").path("inbound").asLong()).isGreaterThan(WRAP));
                long inbound = second.status(ALICE).path("sm").path("inbound").asLong();
                // 0 is 2^32 itself: the first answer past the wrap when two of the three presences were handled.
                assertThat(lastH).isBetween(0L, inbound % WRAP);
                for (int i = 1; i <= 4; i++) {
                    JsonNode sent = second.call("send", Map.of("account", ALICE, "to", Hostile.BOB, "body", "new-" + i));
                    assertThat(sent.has("error")).as("send: %s", sent).isFalse();
                }
                Awaitility.await().atMost(Hostile.WAIT).until(() -> server.received().contains(">new-4<"));
                // The server acknowledges all it got: the count is past 2^32, so its h is small.
                Awaitility.await().atMost(Hostile.WAIT).until(() -> second.status(ALICE).path("sm").path("outbound")
                        .asLong() >= SENT + 4);
                long outbound = second.status(ALICE).path("sm").path("outbound").asLong();
                assertThat(outbound).as("sent, absolute").isGreaterThan(WRAP);
                outboundToAck.complete(outbound);
                Awaitility.await().atMost(Hostile.WAIT).untilAsserted(() -> {
                    JsonNode sm = second.status(ALICE).path("sm");
                    assertThat(sm.path("unacked").asInt(-1)).as("sm %s", sm).isZero();
                    assertThat(sm.path("resumptions").asInt()).as("sm %s", sm).isEqualTo(1);
                });

                String received = server.received();
                assertThat(received).doesNotContain("handled-count-too-high").doesNotContain("<stream:error");
                assertThat(Hostile.count(received, ">old-1<")).as("acknowledged by <resumed h/>: not resent").isZero();
                assertThat(Hostile.count(received, ">old-2<")).as("resent once").isEqualTo(1);
                assertThat(Hostile.count(received, ">old-3<")).as("resent once").isEqualTo(1);
                for (int i = 1; i <= 4; i++) {
                    assertThat(Hostile.count(received, ">new-" + i + "<")).as("new-%d sent once", i).isEqualTo(1);
                }
                assertThat(server.connections()).as("no reconnect: the stream survived the wrap").isEqualTo(2);
                assertThat(server.failures()).isEmpty();
                assertThat(second.state(ALICE)).isEqualTo("online");
            }
        }
    }

    /** The second connection: resume, then both counters cross 2^32 (see the class comment). */
    private static void resumeAcrossTheWrap(ScriptedConnection c, CompletableFuture<String> resume,
                                            CompletableFuture<List<String>> inboundAck,
                                            CompletableFuture<Long> outboundToAck) {
        CannedLogin.authenticated(c);
        c.send(CannedLogin.BIND_FEATURES.replace("</stream:features>", "<sm xmlns='" + SM + "'/></stream:features>"));
        resume.complete(c.expectElement("^<resume\\b[^>]*previd=['\"]sm-1['\"]"));
        // Acknowledges old-1 only (absolute ACKED + 1): old-2 and old-3 follow.
        c.send("<resumed xmlns='" + SM + "' previd='sm-1' h='" + (ACKED + 1) + "'/>");
        c.boundJid(ALICE_FULL);
        c.expect("^<message\\b.*>old-2<");
        c.expect("^<message\\b.*>old-3<");
        c.send("<a xmlns='" + SM + "' h='" + SENT + "'/>");
        for (int i = 0; i < 3; i++) {
            c.send("<presence from='" + Hostile.BOB + "/phone' to='" + ALICE_FULL + "'><status>" + i
                    + "</status></presence>");
        }
        // h counts handled stanzas, and handling is asynchronous: ask until all three are counted.
        List<String> answers = new ArrayList<>();
        while (answers.size() < 500 && (answers.isEmpty() || Long.parseLong(answers.getLast()) >= HANDLED)) {
            c.send("<r xmlns='" + SM + "'/>");
            answers.add(c.expect("^<a\\b[^>]*\\bh=['\"](\\d+)['\"]").group(1));
        }
        inboundAck.complete(answers);
        for (int i = 1; i <= 4; i++) {
            c.expect("^<message\\b.*>new-" + i + "<");
        }
        try {
            c.send("<a xmlns='" + SM + "' h='" + outboundToAck.get(30, TimeUnit.SECONDS) % WRAP + "'/>");
        } catch (Exception e) {
            throw new AssertionError("the test did not say what to acknowledge", e);
        }
        c.answerUntilClosed();
    }

    /** The stored session (V3 sm_session, sm_unacked) moved to just below the wrap, with three unacked messages. */
    private static void storeSessionNearTheWrap(Path databasePrefix) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + databasePrefix.toAbsolutePath(), "xmppd",
                "")) {
            try (PreparedStatement update = db.prepareStatement("UPDATE sm_session SET inbound_base = 0,"
                    + " inbound_handled = ?, outbound_base = 0, outbound_acked = ?, outbound_sent = ?,"
                    + " resumptions = 0, resumable = TRUE, resumption_id = 'sm-1', bound_jid = ? WHERE account = ?")) {
                update.setLong(1, HANDLED);
                update.setLong(2, ACKED);
                update.setLong(3, SENT);
                update.setString(4, ALICE_FULL);
                update.setString(5, ALICE);
                assertThat(update.executeUpdate()).as("the first run's stored session").isEqualTo(1);
            }
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM sm_unacked WHERE account = ?")) {
                delete.setString(1, ALICE);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO sm_unacked (account, position, stanza) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    insert.setString(1, ALICE);
                    insert.setLong(2, ACKED + i);
                    insert.setString(3, "<message to='" + Hostile.BOB + "' type='chat' id='old-" + i + "'><body>old-"
                            + i + "</body></message>");
                    insert.executeUpdate();
                }
            }
        }
    }
}
