package dev.xmppd.protocol.stanza;

import java.util.Locale;
import java.util.Optional;

/** RFC 6121 §4.7.2.1: the {@code <show/>} of an available presence; absent means plain available. */
public enum Show {
    AWAY, CHAT, DND, XA;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Show> parse(String value) {
        for (Show s : values()) {
            if (s.value().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
