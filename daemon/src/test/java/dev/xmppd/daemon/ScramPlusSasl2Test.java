package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.protocol.sasl.DowngradeProtection;
import dev.xmppd.protocol.sasl.ScramAlgorithm;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCRAM-SHA-256-PLUS over SASL2 (XEP-0388) with each channel binding the JDK can produce, chosen from the list the
 * server advertises (XEP-0440), against a scripted server that checks the binding and the proof itself: it computes
 * the binding from its own side of the TLS connection (RFC 9266 keying material, or the hash of its certificate) and
 * SCRAM (RFC 5802/7677) with javax.crypto, independently of the daemon's code, and sends the XEP-0474 hash.
 *
 * <p>Scripted because no server here can do it. Measured on this platform (openssl s_client on the direct-TLS port):
 * <ul>
 * <li>Prosody 0.12.3 with mod_sasl2: over TLS 1.3 the SASL2 and SASL lists hold SCRAM-SHA-1 and PLAIN only; over
 *     TLS 1.2 they add SCRAM-SHA-1-PLUS, whose only binding is tls-unique (util/sasl/scram.lua registers the -PLUS
 *     mechanisms with {"tls-unique"}; the tls-exporter handler the testbed's compat module adds does not unlock
 *     them), and no XEP-0440 list. The JDK cannot produce tls-unique (it exposes no Finished message).</li>
 * <li>ejabberd 23.01: no SASL2 at all (no {@code urn:xmpp:sasl:2} in its modules); classic SASL offers
 *     SCRAM-SHA-1/256/512-PLUS over TLS 1.2 and 1.3, but p1_xmpp's SCRAM accepts {@code p=tls-unique} only, and it
 *     sends no XEP-0440 list.</li>
 * </ul>
 */
class ScramPlusSasl2Test {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "alice@localhost";
    private static final String PASSWORD = "pencil";
    private static final String SASL2 = "urn:xmpp:sasl:2";
    private static final List<String> MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tls-exporter", "tls-server-end-point"})
    void scramPlusOverSasl2WithTheAdvertisedBinding(String binding) throws Exception {
        CompletableFuture<String> clientFirst = new CompletableFuture<>();
        try (ScriptedServer server = ScriptedServer.start(Files.createDirectories(dir.resolve("server")), c -> {
            CannedLogin.tls(c);
            c.send(features(binding));
            String authenticate = c.expectElement("^<authenticate\\b");
            clientFirst.complete(authenticate);
            if (!authenticate.contains("mechanism='SCRAM-SHA-256-PLUS'")
                    && !authenticate.contains("mechanism=\"SCRAM-SHA-256-PLUS\"")) {
                throw new AssertionError("not SCRAM-SHA-256-PLUS: " + authenticate);
            }
            new ScramServer(c, binding).authenticate(textOf(authenticate, "initial-response"));
            c.send(CannedLogin.BIND_FEATURES);
            String bind = c.expectElement("^<iq\\b.*<bind\\b");
            c.send("<iq type='result' id='" + ScriptedConnection.attribute(bind, "id").orElse("") + "'><bind xmlns="
                    + "'urn:ietf:params:xml:ns:xmpp-bind'><jid>" + ALICE + "/xmppd</jid></bind></iq>");
            c.boundJid(ALICE + "/xmppd");
            c.expect("^<presence\\b");
        }); RunningDaemon daemon = RunningDaemon.start(Files.createDirectories(dir.resolve("daemon")), List.of())) {
            JsonNode added = daemon.call("account.add", Map.of("jid", ALICE, "password", PASSWORD, "host",
                    server.host(), "port", server.port(), "trustedCert",
                    server.certificate().certificatePem().toString()));
            assertThat(added.path("jid").asText()).as("account.add: %s", added).isEqualTo(ALICE);

            JsonNode status = daemon.awaitState(ALICE, "online", WAIT);
            assertThat(status.path("login").path("path").asText()).isEqualTo("sasl2");
            String gs2 = new String(Base64.getDecoder().decode(textOf(clientFirst.get(30, TimeUnit.SECONDS),
                    "initial-response")), StandardCharsets.UTF_8);
            assertThat(gs2).startsWith("p=" + binding + ",,n=alice,r=");
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.failures()).isEmpty();
        }
    }

    /** XEP-0388 with XEP-0440: both SCRAM-SHA-256 variants, and one binding type listed. */
    private static String features(String binding) {
        StringBuilder xml = new StringBuilder("<stream:features><authentication xmlns='" + SASL2 + "'>");
        MECHANISMS.forEach(m -> xml.append("<mechanism>").append(m).append("</mechanism>"));
        return xml.append("</authentication><sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'><channel-binding type='")
                .append(binding).append("'/></sasl-channel-binding></stream:features>").toString();
    }

    private static String textOf(String element, String child) {
        int start = element.indexOf('>', element.indexOf("<" + child)) + 1;
        return element.substring(start, element.indexOf("</" + child, start));
    }

    /** The server side of SCRAM-SHA-256-PLUS (RFC 5802 §3 and §5, RFC 5929/9266 for the binding data). */
    private record ScramServer(ScriptedConnection c, String binding) {

        private static final int ITERATIONS = 4096;

        void authenticate(String initialResponse) throws GeneralSecurityException {
            String clientFirst = new String(Base64.getDecoder().decode(initialResponse), StandardCharsets.UTF_8);
            int bare = clientFirst.indexOf(",", clientFirst.indexOf(",") + 1) + 1;
            String gs2Header = clientFirst.substring(0, bare);
            String clientFirstBare = clientFirst.substring(bare);
            String nonce = clientFirstBare.substring(clientFirstBare.indexOf(",r=") + 3) + "scripted";
            byte[] salt = "xmppd-test-salt!".getBytes(StandardCharsets.UTF_8);
            String hash = new DowngradeProtection(MECHANISMS, Optional.of(List.of(binding))).hash(ScramAlgorithm.SHA_256);
            String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS
                    + ",h=" + hash;
            c.send("<challenge xmlns='" + SASL2 + "'>" + base64(serverFirst) + "</challenge>");

            String response = c.expectElement("^<response\\b");
            String clientFinal = new String(Base64.getDecoder().decode(textOf(response, "response")),
                    StandardCharsets.UTF_8);
            String withoutProof = clientFinal.substring(0, clientFinal.indexOf(",p="));
            byte[] proof = Base64.getDecoder().decode(clientFinal.substring(clientFinal.indexOf(",p=") + 3));
            byte[] cbind = Base64.getDecoder().decode(withoutProof.substring(2, withoutProof.indexOf(",r=")));
            byte[] expected = concat(gs2Header.getBytes(StandardCharsets.UTF_8), c.channelBinding(binding));
            if (!MessageDigest.isEqual(cbind, expected)) {
                fail("the channel binding does not match the server's " + binding);
            }
            if (!withoutProof.startsWith("c=") || !withoutProof.endsWith(",r=" + nonce)) {
                fail("malformed client-final-message");
            }
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] signature = hmac(storedKey, authMessage);
            byte[] recovered = new byte[clientKey.length];
            for (int i = 0; i < recovered.length; i++) {
                recovered[i] = (byte) (proof[i] ^ signature[i]);
            }
            if (!MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(recovered), storedKey)) {
                fail("wrong proof");
            }
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"),
                    authMessage));
            c.send("<success xmlns='" + SASL2 + "'><additional-data>" + base64(serverFinal) + "</additional-data>"
                    + "<authorization-identifier>" + ALICE + "</authorization-identifier></success>");
        }

        private void fail(String why) {
            c.send("<failure xmlns='" + SASL2 + "'><not-authorized xmlns='" + CannedLogin.SASL + "'/></failure>");
            throw new AssertionError(why);
        }

        private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] both = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        }

        private static String base64(String text) {
            return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
