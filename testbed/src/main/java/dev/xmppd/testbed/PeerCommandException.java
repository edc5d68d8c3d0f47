package dev.xmppd.testbed;

/** A command to the slixmpp peer failed or got no answer in time; carries the peer's stderr. */
public final class PeerCommandException extends RuntimeException {

    public PeerCommandException(String message, String stderr) {
        super(message + (stderr.isBlank() ? "" : "\n----- peer stderr -----\n" + stderr));
    }
}
