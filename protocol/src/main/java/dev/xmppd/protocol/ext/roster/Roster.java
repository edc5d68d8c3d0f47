package dev.xmppd.protocol.ext.roster;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The roster (RFC 6121 §2) with versioning (§2.6, stream feature {@code urn:xmpp:features:rosterver}): a
 * full roster or a push, with the version the client should store.
 */
public record Roster(Optional<String> version, List<RosterItem> items) {

    public static final String NAMESPACE = "jabber:iq:roster";
    /** The stream feature announcing roster versioning. */
    public static final String VERSIONING_FEATURE_NAMESPACE = "urn:xmpp:features:rosterver";

    public Roster {
        Objects.requireNonNull(version, "version");
        items = List.copyOf(items);
    }

    /**
     * The query of a roster get. With versioning, pass the stored version ({@code ""} when there is none yet);
     * without, pass empty to leave {@code ver} out.
     */
    public static Element request(Optional<String> knownVersion) {
        return Element.builder("query", NAMESPACE).attribute("ver", knownVersion.orElse(null)).build();
    }

    /** The query of a roster set that adds or updates one item. */
    public static Element set(RosterItem item) {
        return Element.builder("query", NAMESPACE).child(item.toElement()).build();
    }

    /** The query of a roster set that removes a contact (RFC 6121 §2.5). */
    public static Element remove(Jid jid) {
        RosterItem removal = new RosterItem(jid.bare(), Optional.empty(), RosterItem.Subscription.REMOVE, false,
                List.of());
        return set(removal);
    }

    /**
     * Parses a roster query (a result or a push); empty when it is not one. A versioned result with no query
     * at all means "unchanged since your version" (RFC 6121 §2.6.3): check for that on the iq first.
     */
    public static Optional<Roster> parse(Element query) {
        if (!query.is("query", NAMESPACE)) {
            return Optional.empty();
        }
        List<RosterItem> items = query.children("item", NAMESPACE).stream()
                .map(RosterItem::parse)
                .flatMap(Optional::stream)
                .toList();
        return Optional.of(new Roster(query.attribute("ver"), items));
    }

    /**
     * A roster push (RFC 6121 §2.1.6): an iq set with exactly one item from our own account. A push from
     * anyone else must be ignored (it is a spoofing attempt), so it yields empty.
     */
    public static Optional<Roster> parsePush(Iq iq, Jid ownJid) {
        if (iq.type() != IqType.SET) {
            return Optional.empty();
        }
        if (!iq.isFromOwnAccount(ownJid)) {
            return Optional.empty();
        }
        return iq.payload().flatMap(Roster::parse).filter(r -> r.items().size() == 1);
    }

    public Element toElement() {
        Element.Builder b = Element.builder("query", NAMESPACE).attribute("ver", version.orElse(null));
        items.forEach(i -> b.child(i.toElement()));
        return b.build();
    }
}
