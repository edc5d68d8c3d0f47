package dev.xmppd.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.xmppd.protocol.sasl.ScramAlgorithm;
import dev.xmppd.protocol.sasl.ScramMechanism;
import dev.xmppd.protocol.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of SCRAM (RFC 5802) on arbitrary server messages: the server-first-message, then the
 * server-final-message as {@code <success/>} data. The mechanism either answers or throws a
 * {@link SaslException} with a reason; it never completes unless the server proved it knows the password
 * (the fuzzer would have to forge an HMAC). The input is the two messages separated by a newline; the
 * client nonce is fixed so the seeds (the RFC 5802 vector) get past the nonce check.
 *
 * <p>Iteration counts above 100,000 are skipped: they are legal (the mechanism allows up to 10 million, a
 * server's choice) and only make each run slow.
 */
class ScramFuzzTest {

    private static final Pattern ITERATIONS = Pattern.compile("i=0*(\\d{6,})");

    @FuzzTest(maxDuration = "10m")
    void serverMessages(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String serverFirst = newline < 0 ? text : text.substring(0, newline);
        String serverFinal = newline < 0 ? "" : text.substring(newline + 1);
        Matcher iterations = ITERATIONS.matcher(serverFirst);
        if (iterations.find() && (iterations.group(1).length() > 6 || Integer.parseInt(iterations.group(1)) > 100_000)) {
            return;
        }
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_1, "user", "pencil", false,
                () -> "fyko+d2lbbFgONRv9qkxdawL");
        scram.initialResponse();
        try {
            byte[] clientFinal = scram.evaluateChallenge(serverFirst.getBytes(StandardCharsets.UTF_8));
            assertThat(new String(clientFinal, StandardCharsets.UTF_8)).startsWith("c=biws,r=fyko+d2lbbFgONRv9qkxdawL");
            scram.verifySuccess(serverFinal.getBytes(StandardCharsets.UTF_8));
        } catch (SaslException e) {
            assertThat(e.getMessage()).isNotNull();
            assertThat(scram.isComplete()).isFalse();
            return;
        }
        assertThat(scram.isComplete()).isTrue();
        // Only the right proof gets here: the RFC 5802 vector's server signature with its salt and count.
        assertThat(serverFinal).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }
}
