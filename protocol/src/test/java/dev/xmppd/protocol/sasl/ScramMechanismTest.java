package dev.xmppd.protocol.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.sasl.SaslException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScramMechanismTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void rfc5802ScramSha1Vector() throws SaslException {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_1, "user", "pencil", false,
                () -> "fyko+d2lbbFgONRv9qkxdawL");
        assertThat(scram.name()).isEqualTo("SCRAM-SHA-1");
        assertThat(text(scram.initialResponse())).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        byte[] clientFinal = scram.evaluateChallenge(utf8(
                "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        assertThat(text(clientFinal)).isEqualTo(
                "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        assertThat(scram.isComplete()).isFalse();
        scram.verifySuccess(utf8("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
        assertThat(scram.isComplete()).isTrue();
    }

    @Test
    void rfc7677ScramSha256Vector() throws SaslException {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_256, "user", "pencil", false,
                () -> "rOprNGfwEbeRWgbNEkqO");
        assertThat(text(scram.initialResponse())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal = scram.evaluateChallenge(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(text(clientFinal)).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        // Server-final as a last challenge (answered with an empty response), then an empty success.
        assertThat(scram.evaluateChallenge(utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isEmpty();
        scram.verifySuccess(new byte[0]);
        assertThat(scram.isComplete()).isTrue();
    }

    /**
     * No RFC has a SCRAM-SHA-512 vector: this one is RFC 7677's exchange (same nonces, salt, iterations) with
     * SHA-512, its proof and server signature computed outside Java with Python's hashlib and hmac, so it does not
     * share {@link ScramFunctions} with the client as {@link ScramTestServer} does.
     */
    @Test
    void scramSha512VectorComputedIndependently() throws SaslException {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_512, "user", "pencil", false,
                () -> "rOprNGfwEbeRWgbNEkqO");
        assertThat(scram.name()).isEqualTo("SCRAM-SHA-512");
        assertThat(text(scram.initialResponse())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal = scram.evaluateChallenge(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(text(clientFinal)).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=gMGXRcevScNtxZ6/8lQYpGtnsNAc3mGcmNomv+xnoOMw+3R2xNJdMNnzMlTN8PPC6wdp6dybEmDYXYTxwnYPJQ==");
        scram.verifySuccess(utf8("v=ZQnYEgWQMFmmsM8aQMF0nDDCy/AgCzkwk8CmMZYcMg0vSVlKDanekLtifDSeVGT4"
                + "+5ZxXnJq199RVG2rR7N7Zw=="));
        assertThat(scram.isComplete()).isTrue();
    }

    @Test
    void sha512PlusRoundTripAgainstTestServer() throws SaslException {
        byte[] cb = {1, 2, 3, 4, 5, 6, 7, 8};
        ScramMechanism scram = ScramMechanism.withBinding(ScramAlgorithm.SHA_512, "juliet", "r0m30",
                new ChannelBinding(ChannelBinding.TLS_EXPORTER, cb));
        assertThat(scram.name()).isEqualTo("SCRAM-SHA-512-PLUS");
        ScramTestServer server = new ScramTestServer(ScramAlgorithm.SHA_512, "r0m30", utf8("salty"), 10000, "srv");
        byte[] first = scram.initialResponse();
        assertThat(text(first)).startsWith("p=tls-exporter,,n=juliet,r=");
        String serverFinal = server.serverFinal(scram.evaluateChallenge(utf8(server.serverFirst(first, cb))));
        scram.verifySuccess(utf8(serverFinal));
        assertThat(scram.isComplete()).isTrue();
    }

    @Test
    void yFlagWhenWeCouldBindButTheServerOffersNoPlus() throws SaslException {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_256, "a,b=c", "pw", true);
        byte[] first = scram.initialResponse();
        assertThat(text(first)).startsWith("y,,n=a=2Cb=3Dc,r=");
        ScramTestServer server = new ScramTestServer(ScramAlgorithm.SHA_256, "pw", utf8("s"), 4096, "x");
        String clientFinal = text(scram.evaluateChallenge(utf8(server.serverFirst(first, null))));
        assertThat(clientFinal).startsWith("c=eSws,"); // base64("y,,")
        scram.verifySuccess(utf8(server.serverFinal(utf8(clientFinal))));
        assertThat(scram.isComplete()).isTrue();
    }

    @Test
    void passwordIsNormalisedAsOpaqueString() throws SaslException {
        // A fullwidth space (U+3000) maps to ASCII space under OpaqueString.
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_1, "u", "pass\u3000word", false);
        ScramTestServer server = new ScramTestServer(ScramAlgorithm.SHA_1, "pass word", utf8("s"), 4096, "x");
        byte[] first = scram.initialResponse();
        scram.verifySuccess(utf8(server.serverFinal(scram.evaluateChallenge(utf8(server.serverFirst(first, null))))));
        assertThat(scram.isComplete()).isTrue();
    }

    @Test
    void tamperedServerSignatureFails() throws SaslException {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_1, "user", "pencil", false,
                () -> "fyko+d2lbbFgONRv9qkxdawL");
        scram.initialResponse();
        scram.evaluateChallenge(utf8("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        assertReason(() -> scram.verifySuccess(utf8("v=rmF9pqV8S7suAoZWja4dJRkFsKA=")), Reason.SERVER_SIGNATURE_INVALID);
        assertThat(scram.isComplete()).isFalse();
    }

    @Test
    void successWithoutServerFinalFails() throws SaslException {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_1, "user", "pencil", false,
                () -> "fyko+d2lbbFgONRv9qkxdawL");
        scram.initialResponse();
        scram.evaluateChallenge(utf8("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        assertReason(() -> scram.verifySuccess(new byte[0]), Reason.MISSING_SERVER_FINAL);
    }

    @Test
    void premature_success_fails() {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_1, "user", "pencil", false);
        scram.initialResponse();
        assertReason(() -> scram.verifySuccess(new byte[0]), Reason.UNEXPECTED_MESSAGE);
    }

    @Test
    void serverFirstProblems() {
        assertReason(() -> afterFirst().evaluateChallenge(utf8("r=someoneElse123,s=QSXCR+Q6sek8bf92,i=4096")),
                Reason.NONCE_MISMATCH);
        assertReason(() -> afterFirst().evaluateChallenge(utf8("r=abc,s=QSXCR+Q6sek8bf92,i=4096")),
                Reason.NONCE_MISMATCH);
        assertReason(() -> afterFirst().evaluateChallenge(utf8("r=abcdef,s=QSXCR+Q6sek8bf92,i=1000")),
                Reason.ITERATION_COUNT_TOO_LOW);
        assertReason(() -> afterFirst().evaluateChallenge(utf8("r=abcdef,s=QSXCR+Q6sek8bf92,i=2000000000")),
                Reason.ITERATION_COUNT_TOO_HIGH);
        assertReason(() -> afterFirst().evaluateChallenge(utf8("r=abcdef,i=4096")), Reason.MALFORMED_CHALLENGE);
        assertReason(() -> afterFirst().evaluateChallenge(utf8("garbage")), Reason.MALFORMED_CHALLENGE);
        assertReason(() -> afterFirst().evaluateChallenge(utf8("m=ext,r=abcdef,s=QSXC,i=4096")),
                Reason.UNSUPPORTED_EXTENSION);
    }

    @Test
    void serverErrorInServerFinal() throws SaslException {
        ScramMechanism scram = afterFirst();
        scram.evaluateChallenge(utf8("r=abcdef,s=QSXCR+Q6sek8bf92,i=4096"));
        assertReason(() -> scram.verifySuccess(utf8("e=channel-bindings-dont-match")), Reason.SERVER_ERROR);
    }

    @Test
    void secretsStayOutOfTextAndMessages() {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_256, "user", "s3cr3t-pw", false);
        assertThat(scram.toString()).doesNotContain("s3cr3t-pw");
        assertThat(new PlainMechanism("user", "s3cr3t-pw").toString()).doesNotContain("s3cr3t-pw");
        scram.initialResponse();
        assertThatThrownBy(() -> scram.evaluateChallenge(utf8("r=x,s=y,i=1")))
                .hasMessageNotContaining("s3cr3t-pw");
    }

    private static ScramMechanism afterFirst() {
        ScramMechanism scram = ScramMechanism.withoutBinding(ScramAlgorithm.SHA_1, "user", "pencil", false,
                () -> "abc");
        scram.initialResponse();
        return scram;
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SaslException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
