package dev.xmppd.testbed;

/** The slixmpp peer could not log in (wrong password, TLS failure, server down); carries its stderr. */
public final class PeerLoginException extends RuntimeException {

    private final String reason;

    public PeerLoginException(String reason, String stderr) {
        super(reason + (stderr.isBlank() ? "" : "\n----- peer stderr -----\n" + stderr));
        this.reason = reason;
    }

    /** The failure without the peer's stderr, e.g. {@code "alice@localhost: authentication failed"}. */
    public String reason() {
        return reason;
    }
}
