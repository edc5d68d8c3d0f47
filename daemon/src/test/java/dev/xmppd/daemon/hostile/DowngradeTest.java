package dev.xmppd.daemon.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.protocol.sasl.DowngradeProtection;
import dev.xmppd.protocol.sasl.ScramAlgorithm;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A man in the middle who strips what the server advertises (XEP-0474): the server's SCRAM server-first-message
 * carries the hash of its real mechanism and channel-binding lists; the client hashes what reached it and refuses
 * before sending its proof. No real server here sends the hash (Prosody 0.12, ejabberd 23.01), so the server is
 * scripted after XEP-0474's example, over SASL2 (XEP-0388) and the classic SASL of RFC 6120.
 */
class DowngradeTest {

    private static final String SASL2 = "urn:xmpp:sasl:2";
    private static final String CB = "urn:xmpp:sasl-cb:0";
    /** What the server really offers: SCRAM with and without channel binding, two binding types. */
    private static final DowngradeProtection REAL = new DowngradeProtection(List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"),
            Optional.of(List.of("tls-exporter", "tls-server-end-point")));

    @TempDir
    Path dir;

    @Test
    void aStrippedChannelBindingListIsRefusedBeforeTheProof() {
        // The binding types reach us as one we cannot produce, so we would fall back to SCRAM without binding.
        String seen = features(List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"), List.of("tls-unique"));
        try (Hostile h = Hostile.startRaw(dir, c -> sasl2UntilServerFirst(c, seen, REAL))) {
            refusedAsDowngrade(h);
        }
    }

    @Test
    void aStrippedMechanismListIsRefusedBeforeTheProof() {
        String seen = features(List.of("SCRAM-SHA-1"), List.of("tls-exporter", "tls-server-end-point"));
        try (Hostile h = Hostile.startRaw(dir, c -> sasl2UntilServerFirst(c, seen, REAL))) {
            refusedAsDowngrade(h);
        }
    }

    @Test
    void theClassicSaslPathIsProtectedToo() {
        try (Hostile h = Hostile.startRaw(dir, c -> {
            CannedLogin.tls(c);
            c.send("<stream:features><mechanisms xmlns='" + CannedLogin.SASL + "'><mechanism>SCRAM-SHA-1</mechanism>"
                    + "</mechanisms></stream:features>");
            MatchResult auth = c.expect("^<auth\\b[^>]*>([^<]+)</auth>");
            c.send("<challenge xmlns='" + CannedLogin.SASL + "'>" + serverFirst(auth.group(1),
                    new DowngradeProtection(List.of("SCRAM-SHA-1", "SCRAM-SHA-256"), Optional.empty()))
                    + "</challenge>");
            c.stallUntilClosed();
        })) {
            refusedAsDowngrade(h);
        }
    }

    @Test
    void listsAsAdvertisedPassTheCheckAndTheClientSendsItsProof() {
        String seen = features(List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"), List.of("tls-unique"));
        DowngradeProtection same = new DowngradeProtection(List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"),
                Optional.of(List.of("tls-unique")));
        try (Hostile h = Hostile.startRaw(dir, c -> {
            sasl2UntilServerFirst(c, seen, same);
            c.expect("^<response\\b");
            c.send("<failure xmlns='" + SASL2 + "'><not-authorized xmlns='" + CannedLogin.SASL + "'/></failure>");
            c.stallUntilClosed();
        })) {
            JsonNode status = h.daemon.awaitState(Hostile.ALICE, "auth-failed", Hostile.WAIT);
            assertThat(status.path("lastError").asText()).contains("not-authorized").doesNotContain("XEP-0474");
            assertThat(h.server.received()).contains("<response");
            h.assertUnharmed();
        }
    }

    private static String features(List<String> mechanisms, List<String> bindingTypes) {
        StringBuilder xml = new StringBuilder("<stream:features><authentication xmlns='" + SASL2 + "'>");
        mechanisms.forEach(m -> xml.append("<mechanism>").append(m).append("</mechanism>"));
        xml.append("</authentication><sasl-channel-binding xmlns='" + CB + "'>");
        bindingTypes.forEach(t -> xml.append("<channel-binding type='").append(t).append("'/>"));
        return xml.append("</sasl-channel-binding></stream:features>").toString();
    }

    /** STARTTLS, the given SASL2 features, then a server-first-message with the hash of {@code real}. */
    private static void sasl2UntilServerFirst(ScriptedConnection c, String features, DowngradeProtection real) {
        CannedLogin.tls(c);
        c.send(features);
        MatchResult auth = c.expect("^<authenticate\\b[^>]*mechanism=['\"]SCRAM-SHA-1['\"][\\s\\S]*?"
                + "<initial-response>([^<]+)</initial-response>");
        c.send("<challenge xmlns='" + SASL2 + "'>" + serverFirst(auth.group(1), real) + "</challenge>");
    }

    /** XEP-0474 §5.1: the server-first-message with attribute h, base64 for the challenge. */
    private static String serverFirst(String clientFirstBase64, DowngradeProtection real) {
        String clientFirst = new String(Base64.getDecoder().decode(clientFirstBase64), StandardCharsets.UTF_8);
        String nonce = clientFirst.substring(clientFirst.indexOf(",r=") + 3);
        String serverFirst = "r=" + nonce + "server,s=" + Base64.getEncoder().encodeToString(new byte[16])
                + ",i=4096,h=" + real.hash(ScramAlgorithm.SHA_1);
        return Base64.getEncoder().encodeToString(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private static void refusedAsDowngrade(Hostile h) {
        JsonNode status = h.daemon.awaitState(Hostile.ALICE, "auth-failed", Hostile.WAIT);
        assertThat(status.path("lastError").asText()).contains("XEP-0474");
        assertThat(h.server.received()).as("the client never sends its proof").doesNotContain("<response");
        assertThat(h.server.connections()).isEqualTo(1);
        h.assertUnharmed();
    }
}
