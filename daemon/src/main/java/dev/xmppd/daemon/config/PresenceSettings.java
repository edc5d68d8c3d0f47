package dev.xmppd.daemon.config;

import java.util.Objects;

/**
 * The presence an account announces after login (RFC 6121 §4.2, §4.7).
 *
 * @param show     "" for plain available, else {@code away}, {@code chat}, {@code dnd} or {@code xa}
 * @param status   free text, "" for none
 * @param priority -128..127
 */
public record PresenceSettings(String show, String status, int priority) {
    public static final PresenceSettings AVAILABLE = new PresenceSettings("", "", 0);

    public PresenceSettings {
        Objects.requireNonNull(show, "show");
        Objects.requireNonNull(status, "status");
    }
}
