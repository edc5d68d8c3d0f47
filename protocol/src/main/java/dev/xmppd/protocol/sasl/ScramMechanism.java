package dev.xmppd.protocol.sasl;

import dev.xmppd.protocol.sasl.SaslException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * The client side of SCRAM (RFC 5802) with SHA-1, SHA-256 (RFC 7677) or SHA-512, with or without channel
 * binding. The GS2 header says what we know about channel binding (RFC 5802 §6): {@code p=<type>,,} when we
 * bind (-PLUS), {@code y,,} when we could bind but the server offered no -PLUS mechanism (so a downgrade is
 * detectable), {@code n,,} when we cannot bind. With {@link #protectAgainstDowngrade} the server-first-message's
 * XEP-0474 hash is checked against the lists the client saw.
 */
public final class ScramMechanism implements SaslMechanism {

    /** RFC 7677 §4: an iteration count of at least 4096 (ejabberd's default; Prosody uses 10000). */
    public static final int MIN_ITERATIONS = 4096;
    /** A server asking for more than this would make us burn seconds of CPU per login. */
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { INITIAL, CLIENT_FIRST_SENT, CLIENT_FINAL_SENT, COMPLETE, FAILED }

    private final ScramAlgorithm algorithm;
    private final ScramFunctions functions;
    private final String username;
    private final String password;
    private final String gs2Header;
    private final Optional<ChannelBinding> binding;
    private final String clientNonce;
    private State state = State.INITIAL;
    private Optional<DowngradeProtection> downgradeProtection = Optional.empty();
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    private ScramMechanism(ScramAlgorithm algorithm, String username, String password, String gs2Header,
                           Optional<ChannelBinding> binding, String clientNonce) {
        this.algorithm = algorithm;
        this.functions = new ScramFunctions(algorithm);
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.gs2Header = gs2Header;
        this.binding = binding;
        this.clientNonce = clientNonce;
        if (clientNonce.isEmpty() || clientNonce.indexOf(',') >= 0) {
            throw new IllegalArgumentException("a SCRAM nonce is non-empty printable text without ','");
        }
    }

    /**
     * SCRAM without channel binding. {@code clientCouldBind} is true when TLS binding data exists but the server
     * offered no -PLUS mechanism (GS2 flag {@code y}), false otherwise ({@code n}).
     */
    public static ScramMechanism withoutBinding(ScramAlgorithm algorithm, String username, String password,
                                                boolean clientCouldBind) {
        return withoutBinding(algorithm, username, password, clientCouldBind, ScramMechanism::randomNonce);
    }

    /** As {@link #withoutBinding(ScramAlgorithm, String, String, boolean)}, with the nonce source given (tests). */
    public static ScramMechanism withoutBinding(ScramAlgorithm algorithm, String username, String password,
                                                boolean clientCouldBind, Supplier<String> nonce) {
        return new ScramMechanism(algorithm, username, password, clientCouldBind ? "y,," : "n,,",
                Optional.empty(), nonce.get());
    }

    /** SCRAM-...-PLUS bound to the TLS channel. */
    public static ScramMechanism withBinding(ScramAlgorithm algorithm, String username, String password,
                                             ChannelBinding binding) {
        return withBinding(algorithm, username, password, binding, ScramMechanism::randomNonce);
    }

    public static ScramMechanism withBinding(ScramAlgorithm algorithm, String username, String password,
                                             ChannelBinding binding, Supplier<String> nonce) {
        return new ScramMechanism(algorithm, username, password, "p=" + binding.type() + ",,",
                Optional.of(binding), nonce.get());
    }

    /**
     * XEP-0474: refuse a server-first-message whose hash ({@code h}) differs from the hash of the mechanisms and
     * channel-binding types the client saw advertised. A server that sends no hash is not checked. Call before
     * {@link #initialResponse()}.
     */
    public ScramMechanism protectAgainstDowngrade(DowngradeProtection advertised) {
        if (state != State.INITIAL) {
            throw new IllegalStateException("downgrade protection is set before the exchange starts");
        }
        downgradeProtection = Optional.of(advertised);
        return this;
    }

    /** 24 bytes from {@link SecureRandom}, base64: printable and free of ','. */
    public static String randomNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String name() {
        return binding.isPresent() ? algorithm.plusName() : algorithm.mechanismName();
    }

    @Override
    public byte[] initialResponse() {
        if (state != State.INITIAL) {
            throw new IllegalStateException("the client-first-message was already sent");
        }
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
        state = State.CLIENT_FIRST_SENT;
        return utf8(gs2Header + clientFirstBare);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        return switch (state) {
            case CLIENT_FIRST_SENT -> clientFinal(new String(challenge, StandardCharsets.UTF_8));
            case CLIENT_FINAL_SENT -> {
                // Some servers send server-final-message as a challenge; the answer is an empty response.
                verifyServerFinal(new String(challenge, StandardCharsets.UTF_8));
                yield new byte[0];
            }
            default -> throw fail(Reason.UNEXPECTED_MESSAGE, "SCRAM: unexpected challenge in state " + state);
        };
    }

    @Override
    public void verifySuccess(byte[] additionalData) throws SaslException {
        switch (state) {
            case CLIENT_FINAL_SENT -> {
                if (additionalData.length == 0) {
                    throw fail(Reason.MISSING_SERVER_FINAL,
                            "SCRAM: the server reported success without proving it knows the password");
                }
                verifyServerFinal(new String(additionalData, StandardCharsets.UTF_8));
            }
            case COMPLETE -> {
                if (additionalData.length > 0) {
                    String repeated = new String(additionalData, StandardCharsets.UTF_8);
                    if (!MessageDigest.isEqual(utf8(repeated), utf8(serverFinalText()))) {
                        throw fail(Reason.SERVER_SIGNATURE_INVALID,
                                "SCRAM: the success data differs from the verified server-final-message");
                    }
                }
            }
            default -> throw fail(Reason.UNEXPECTED_MESSAGE, "SCRAM: success before the exchange finished");
        }
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    private byte[] clientFinal(String serverFirst) throws SaslException {
        Map<Character, String> attributes = attributes(serverFirst);
        if (attributes.containsKey('m')) {
            throw fail(Reason.UNSUPPORTED_EXTENSION, "SCRAM: the server requires an unsupported extension");
        }
        String nonce = required(attributes, 'r');
        String advertisedHash = attributes.get(DowngradeProtection.ATTRIBUTE);
        if (advertisedHash != null && downgradeProtection.isPresent()
                && !MessageDigest.isEqual(utf8(advertisedHash), utf8(downgradeProtection.get().hash(algorithm)))) {
            throw fail(Reason.DOWNGRADE_DETECTED, "SCRAM: the mechanisms or channel-binding types we saw differ from "
                    + "those the server advertised (XEP-0474); someone between us and the server changed them");
        }
        String saltText = required(attributes, 's');
        String iterationText = required(attributes, 'i');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw fail(Reason.NONCE_MISMATCH, "SCRAM: the server nonce does not extend the client nonce");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw fail(Reason.MALFORMED_CHALLENGE, "SCRAM: the iteration count is not a number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw fail(Reason.ITERATION_COUNT_TOO_LOW, "SCRAM: the server asks for " + iterations
                    + " iterations, fewer than the " + MIN_ITERATIONS + " RFC 7677 requires");
        }
        if (iterations > MAX_ITERATIONS) {
            throw fail(Reason.ITERATION_COUNT_TOO_HIGH, "SCRAM: the server asks for " + iterations
                    + " iterations, more than the " + MAX_ITERATIONS + " we accept");
        }
        byte[] salt;
        try {
            salt = Base64.getDecoder().decode(saltText);
        } catch (IllegalArgumentException e) {
            throw fail(Reason.MALFORMED_CHALLENGE, "SCRAM: the salt is not base64");
        }
        byte[] cbindInput = binding.map(b -> concat(utf8(gs2Header), b.data())).orElseGet(() -> utf8(gs2Header));
        String clientFinalWithoutProof = "c=" + Base64.getEncoder().encodeToString(cbindInput) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;

        byte[] saltedPassword = functions.hi(utf8(normalisedPassword()), salt, iterations);
        byte[] clientKey = functions.hmac(saltedPassword, utf8("Client Key"));
        byte[] storedKey = functions.hash(clientKey);
        byte[] clientSignature = functions.hmac(storedKey, utf8(authMessage));
        byte[] clientProof = ScramFunctions.xor(clientKey, clientSignature);
        byte[] serverKey = functions.hmac(saltedPassword, utf8("Server Key"));
        expectedServerSignature = functions.hmac(serverKey, utf8(authMessage));
        state = State.CLIENT_FINAL_SENT;
        return utf8(clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(clientProof));
    }

    private void verifyServerFinal(String serverFinal) throws SaslException {
        Map<Character, String> attributes = attributes(serverFinal);
        if (attributes.containsKey('e')) {
            throw fail(Reason.SERVER_ERROR, "SCRAM: the server refused: " + attributes.get('e'));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(required(attributes, 'v'));
        } catch (IllegalArgumentException e) {
            throw fail(Reason.MALFORMED_CHALLENGE, "SCRAM: the server signature is not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw fail(Reason.SERVER_SIGNATURE_INVALID,
                    "SCRAM: the server signature is wrong; the server may be an impostor");
        }
        state = State.COMPLETE;
    }

    private String serverFinalText() {
        return "v=" + Base64.getEncoder().encodeToString(expectedServerSignature);
    }

    private String normalisedPassword() throws SaslException {
        try {
            return PrecisProfiles.OPAQUE_STRING.enforce(password);
        } catch (IllegalArgumentException e) {
            throw fail(Reason.INVALID_PASSWORD, "SCRAM: the password is empty or holds disallowed characters");
        }
    }

    private Map<Character, String> attributes(String message) throws SaslException {
        Map<Character, String> attributes = new LinkedHashMap<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw fail(Reason.MALFORMED_CHALLENGE, "SCRAM: malformed attribute in the server message");
            }
            attributes.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return attributes;
    }

    private String required(Map<Character, String> attributes, char key) throws SaslException {
        String value = attributes.get(key);
        if (value == null || value.isEmpty()) {
            throw fail(Reason.MALFORMED_CHALLENGE, "SCRAM: the server message lacks '" + key + "='");
        }
        return value;
    }

    private SaslException fail(Reason reason, String message) {
        state = State.FAILED;
        return new SaslException(reason, message);
    }

    /** RFC 5802 §5.1: ',' and '=' in a saslname are written =2C and =3D. */
    private static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return "ScramMechanism[" + name() + ", user=" + username + ", state=" + state + "]";
    }
}
