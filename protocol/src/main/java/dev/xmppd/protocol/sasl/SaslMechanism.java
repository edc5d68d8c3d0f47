package dev.xmppd.protocol.sasl;

/**
 * The client side of one SASL exchange (RFC 4422), as carried by XMPP (RFC 6120 §6). One instance per
 * authentication attempt: it holds the exchange's state and is not reusable.
 *
 * <p>Order of calls: {@link #initialResponse()} for {@code <auth/>}, {@link #evaluateChallenge(byte[])} for
 * each {@code <challenge/>} (its result goes into {@code <response/>}), then {@link #verifySuccess(byte[])}
 * with the additional data of {@code <success/>} (possibly empty). A mechanism that authenticates the
 * server (SCRAM) fails {@code verifySuccess} unless it has seen and verified the server's proof, either in a
 * last challenge or in the success data.
 */
public interface SaslMechanism {

    /** The IANA mechanism name, e.g. {@code SCRAM-SHA-256-PLUS}. */
    String name();

    /** The client's first message; may be empty (sent as {@code =}). */
    byte[] initialResponse();

    byte[] evaluateChallenge(byte[] challenge) throws SaslException;

    void verifySuccess(byte[] additionalData) throws SaslException;

    /** True once the server has been verified (or, for PLAIN, once success was accepted). */
    boolean isComplete();
}
