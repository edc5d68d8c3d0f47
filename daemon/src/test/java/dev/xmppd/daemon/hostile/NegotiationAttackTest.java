package dev.xmppd.daemon.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.MatchResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that lie during the login: a SCRAM server that cannot prove it knows our key (RFC 5802 §5: the client
 * must verify the server signature), a redirect before TLS (RFC 6120 §4.9.3.19: only trusted after TLS), and a
 * bind result for another user (RFC 6120 §7.6.1). Features without STARTTLS, PLAIN before TLS and a STARTTLS
 * failure are in TlsRequiredTest.
 */
class NegotiationAttackTest {

    private static final String SASL = CannedLogin.SASL;

    @TempDir
    Path dir;

    @Test
    void successWithAWrongServerSignatureIsAuthFailed() {
        try (Hostile h = Hostile.startRaw(dir, c -> {
            scramUntilClientFinal(c);
            c.send("<success xmlns='" + SASL + "'>" + b64("v=" + b64(new byte[20])) + "</success>");
            c.stallUntilClosed();
        })) {
            refusedScram(h);
        }
    }

    @Test
    void aServerSignatureThatDoesNotVerifyInAChallengeIsAuthFailed() {
        try (Hostile h = Hostile.startRaw(dir, c -> {
            scramUntilClientFinal(c);
            c.send("<challenge xmlns='" + SASL + "'>" + b64("v=" + b64(new byte[32])) + "</challenge>");
            c.send("<success xmlns='" + SASL + "'/>");
            c.stallUntilClosed();
        })) {
            refusedScram(h);
        }
    }

    @Test
    void seeOtherHostBeforeTlsIsNotFollowed() throws Exception {
        try (ScriptedServer trap = ScriptedServer.start(Files.createDirectories(dir.resolve("trap")), Hostile::online);
             Hostile h = Hostile.start(dir, c -> {
                 c.expect("^<stream:stream\\b");
                 c.send(CannedLogin.header(c) + "<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:"
                         + "xmpp-streams'>127.0.0.1:" + trap.port() + "</see-other-host></stream:error>"
                         + "</stream:stream>");
                 c.close();
             })) {
            h.awaitAliceBack();
            assertThat(trap.connections()).as("connections to the redirect target").isZero();
            h.assertUnharmed();
        }
    }

    @Test
    void aBindResultWithAnotherUsersJidIsRefused() {
        try (Hostile h = Hostile.startRaw(dir, c -> {
            CannedLogin.authenticated(c);
            c.send(CannedLogin.BIND_FEATURES);
            String bind = c.expectElement("^<iq\\b.*<bind\\b");
            c.send("<iq type='result' id='" + ScriptedConnection.attribute(bind, "id").orElseThrow() + "'>"
                    + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>mallory@localhost/xmppd</jid></bind></iq>");
            c.stallUntilClosed();
        })) {
            Awaitility.await().atMost(Hostile.WAIT).untilAsserted(() -> assertThat(
                    h.daemon.status(Hostile.ALICE).path("lastError").asText())
                    .contains("the bind result holds no full JID of our account"));
            assertThat(h.daemon.state(Hostile.ALICE)).isNotEqualTo("online");
            assertThat(h.server.received()).doesNotContain("<presence");
            h.assertUnharmed();
        }
    }

    @Test
    void aResetDuringTheTlsHandshakeIsRetriedWithoutCredentials() {
        try (Hostile h = Hostile.start(dir, c -> {
            CannedLogin.openStream(c);
            c.send(CannedLogin.STARTTLS_FEATURES);
            c.expect("^<starttls\\b");
            c.send("<proceed xmlns='" + CannedLogin.TLS + "'/>");
            c.reset();
        })) {
            h.awaitAliceBack();
            // One <auth/>: on the second connection, after its handshake completed.
            assertThat(h.server.received().split("<auth ", -1)).hasSize(2);
            h.assertUnharmed();
        }
    }

    /** STARTTLS, then SCRAM-SHA-1 as the only mechanism, up to the client's proof. */
    private static void scramUntilClientFinal(ScriptedConnection c) {
        CannedLogin.tls(c);
        c.send("<stream:features><mechanisms xmlns='" + SASL + "'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>"
                + "</stream:features>");
        MatchResult auth = c.expect("^<auth\\b[^>]*mechanism=['\"]SCRAM-SHA-1['\"][^>]*>([^<]+)</auth>");
        String clientFirst = new String(Base64.getDecoder().decode(auth.group(1)), StandardCharsets.UTF_8);
        String nonce = clientFirst.substring(clientFirst.indexOf(",r=") + 3);
        c.send("<challenge xmlns='" + SASL + "'>" + b64("r=" + nonce + "server,s=" + b64(new byte[16]) + ",i=4096")
                + "</challenge>");
        c.expect("^<response\\b");
    }

    private static void refusedScram(Hostile h) {
        JsonNode status = h.daemon.awaitState(Hostile.ALICE, "auth-failed", Hostile.WAIT);
        assertThat(status.path("lastError").asText()).contains("SASL SCRAM-SHA-1 failed");
        assertThat(h.server.received()).doesNotContain("<bind").doesNotContain("<presence");
        assertThat(h.server.connections()).isEqualTo(1);
        h.assertUnharmed();
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
