package dev.xmppd.daemon.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 6121 §2.1.2 roster item as stored.
 *
 * @param subscription none, to, from, both (a push with "remove" deletes the item instead)
 * @param askSubscribe the item carries {@code ask='subscribe'} (a pending outbound request)
 */
public record RosterItem(String jid, Optional<String> name, String subscription, boolean askSubscribe,
                         List<String> groups) {
    public static final String REMOVE = "remove";

    public RosterItem {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscription, "subscription");
        groups = List.copyOf(groups);
    }
}
