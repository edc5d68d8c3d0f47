package dev.xmppd.protocol.sasl;

import java.util.Objects;

/**
 * A SASL exchange the client must abandon. The message never contains a password, key or proof; it says
 * what the server did wrong (or what it sent that we refuse).
 */
public final class SaslException extends Exception {

    /** Why the exchange failed on the client side. */
    public enum Reason {
        /** The server's message does not follow the mechanism's syntax (or is not valid base64). */
        MALFORMED_CHALLENGE,
        /** SCRAM: the server nonce does not extend the client nonce (RFC 5802 §5.1). */
        NONCE_MISMATCH,
        /** SCRAM: fewer iterations than {@link ScramMechanism#MIN_ITERATIONS} (RFC 7677 §4). */
        ITERATION_COUNT_TOO_LOW,
        /** SCRAM: more iterations than {@link ScramMechanism#MAX_ITERATIONS}, refused as a denial of service. */
        ITERATION_COUNT_TOO_HIGH,
        /** SCRAM: the server signature in server-final-message is wrong: the server does not know our key. */
        SERVER_SIGNATURE_INVALID,
        /** SCRAM: success arrived without the server-final-message that proves the server's identity. */
        MISSING_SERVER_FINAL,
        /** SCRAM: the server-final-message carried {@code e=...}. */
        SERVER_ERROR,
        /** SCRAM: the server sent a mandatory extension ({@code m=}) we do not support. */
        UNSUPPORTED_EXTENSION,
        /** A message arrived in a state where the mechanism does not expect it. */
        UNEXPECTED_MESSAGE,
        /** The password is not a valid PRECIS OpaqueString (e.g. empty or with control characters). */
        INVALID_PASSWORD,
        /** XEP-0474: the advertised mechanism or channel-binding list was changed on the way (a downgrade). */
        DOWNGRADE_DETECTED
    }

    private final Reason reason;

    public SaslException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
