package dev.xmppd.protocol.stanza;

import java.util.Locale;
import java.util.Optional;

/** RFC 6120 §8.2.3: the four iq types. */
public enum IqType {
    GET, SET, RESULT, ERROR;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IqType> parse(String value) {
        for (IqType t : values()) {
            if (t.value().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
