package dev.xmppd.protocol.stanza;

import java.util.Locale;
import java.util.Optional;

/** RFC 6121 §4.7.1: presence types; {@link #AVAILABLE} is the absent attribute. */
public enum PresenceType {
    AVAILABLE, UNAVAILABLE, SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED, PROBE, ERROR;

    /** The attribute value, empty for {@link #AVAILABLE}. */
    public Optional<String> value() {
        return this == AVAILABLE ? Optional.empty() : Optional.of(name().toLowerCase(Locale.ROOT));
    }

    /** Empty for a value RFC 6121 does not define (the stanza should then be ignored). */
    public static Optional<PresenceType> parse(Optional<String> value) {
        if (value.isEmpty()) {
            return Optional.of(AVAILABLE);
        }
        for (PresenceType t : values()) {
            if (t.value().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
