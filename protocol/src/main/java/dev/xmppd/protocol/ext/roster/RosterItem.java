package dev.xmppd.protocol.ext.roster;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** One roster entry (RFC 6121 §2.1.2). {@code askSubscribe} is the pending outbound request ({@code ask='subscribe'}). */
public record RosterItem(Jid jid, Optional<String> name, Subscription subscription, boolean askSubscribe,
                         List<String> groups) {

    /** RFC 6121 §2.1.2.5; {@link #REMOVE} appears only in pushes and in remove requests. */
    public enum Subscription {
        NONE, TO, FROM, BOTH, REMOVE;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Absent or unknown values mean {@code none} (RFC 6121 §2.1.2.5). */
        public static Subscription parse(Optional<String> value) {
            for (Subscription s : values()) {
                if (value.map(s.value()::equals).orElse(false)) {
                    return s;
                }
            }
            return NONE;
        }
    }

    public RosterItem {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscription, "subscription");
        groups = List.copyOf(groups);
    }

    /** An item to add or update: name and groups only (the server owns subscription state). */
    public static RosterItem of(Jid jid, Optional<String> name, List<String> groups) {
        return new RosterItem(jid.bare(), name, Subscription.NONE, false, groups);
    }

    /** Parses an {@code <item/>}; empty when its jid is missing or invalid. */
    public static Optional<RosterItem> parse(Element item) {
        return item.attribute("jid").flatMap(Jid::tryParse).map(jid -> new RosterItem(jid,
                item.attribute("name").filter(s -> !s.isEmpty()),
                Subscription.parse(item.attribute("subscription")),
                item.attribute("ask").map("subscribe"::equals).orElse(false),
                item.children("group", Roster.NAMESPACE).stream().map(Element::text).distinct().toList()));
    }

    /**
     * The {@code <item/>} for a set: jid, name, groups; subscription only when it is {@code remove}
     * (RFC 6121 §2.3.2 forbids other values from the client).
     */
    public Element toElement() {
        Element.Builder b = Element.builder("item", Roster.NAMESPACE)
                .attribute("jid", jid.toString())
                .attribute("name", name.orElse(null))
                .attribute("subscription", subscription == Subscription.REMOVE ? "remove" : null);
        groups.forEach(g -> b.textChild("group", g));
        return b.build();
    }
}
