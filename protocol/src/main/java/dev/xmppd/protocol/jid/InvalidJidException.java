package dev.xmppd.protocol.jid;

import java.util.Objects;

/** A string that is not a valid JID (RFC 7622); {@link #reason()} says which rule it broke. */
public final class InvalidJidException extends IllegalArgumentException {

    /** Which RFC 7622 rule a JID string broke. */
    public enum Reason {
        EMPTY,
        EMPTY_LOCALPART,
        LOCALPART_TOO_LONG,
        EMPTY_DOMAIN,
        DOMAIN_TOO_LONG,
        DOMAIN_INVALID,
        EMPTY_RESOURCE,
        RESOURCE_TOO_LONG,
        /** A code point the PRECIS profile (or RFC 7622 §3.3.1 for localparts) disallows. */
        FORBIDDEN_CHARACTER,
        /** The Bidi Rule of RFC 5893 (PRECIS §5.2.6) failed. */
        BIDI_RULE
    }

    private final Reason reason;

    public InvalidJidException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
