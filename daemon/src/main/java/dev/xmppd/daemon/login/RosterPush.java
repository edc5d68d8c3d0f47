package dev.xmppd.daemon.login;

import dev.xmppd.daemon.store.RosterItem;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Roster items and roster pushes (RFC 6121 §2.1, §2.1.6). A push is accepted only without a
 * {@code from} or from our own bare JID (§2.1.6): anyone else could otherwise rewrite our roster.
 */
public record RosterPush(RosterItem item, Optional<String> version) {

    public static final String NAMESPACE = "jabber:iq:roster";

    /** The push in {@code iq}, when it is a legitimate one for {@code account}. */
    public static Optional<RosterPush> parse(Iq iq, Jid account) {
        if (iq.type() != IqType.SET || !fromOwnAccount(iq, account)) {
            return Optional.empty();
        }
        Optional<Element> query = iq.payload().filter(p -> p.is("query", NAMESPACE));
        List<RosterItem> items = query.map(RosterPush::items).orElse(List.of());
        // RFC 6121 §2.1.6: a push carries exactly one item.
        if (items.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(new RosterPush(items.getFirst(), query.flatMap(q -> q.attribute("ver"))));
    }

    /** True for a roster-namespace set, legitimate or not (so the caller can refuse a forged one). */
    public static boolean isRosterSet(Iq iq) {
        return iq.type() == IqType.SET && iq.payload().filter(p -> p.is("query", NAMESPACE)).isPresent();
    }

    static boolean fromOwnAccount(Iq iq, Jid account) {
        return iq.rawFrom().isEmpty() || iq.from().map(f -> f.equals(account.bare())).orElse(false);
    }

    public static List<RosterItem> items(Element query) {
        List<RosterItem> items = new ArrayList<>();
        for (Element item : query.children("item", NAMESPACE)) {
            Optional<Jid> jid = item.attribute("jid").flatMap(Jid::tryParse);
            if (jid.isEmpty()) {
                continue;
            }
            List<String> groups = item.children("group", NAMESPACE).stream().map(Element::text).toList();
            items.add(new RosterItem(jid.get().toString(), item.attribute("name").filter(n -> !n.isEmpty()),
                    item.attribute("subscription").orElse("none"),
                    item.attribute("ask").map("subscribe"::equals).orElse(false), groups));
        }
        return items;
    }

    /** The roster after this push: the item replaced, added, or removed (subscription "remove"). */
    public List<RosterItem> applyTo(List<RosterItem> roster) {
        List<RosterItem> updated = new ArrayList<>();
        for (RosterItem existing : roster) {
            if (!existing.jid().equals(item.jid())) {
                updated.add(existing);
            }
        }
        if (!item.subscription().equals(RosterItem.REMOVE)) {
            updated.add(item);
        }
        return List.copyOf(updated);
    }

    /** A roster set adding or updating a contact (RFC 6121 §2.3). */
    public static Element set(Jid contact, Optional<String> name) {
        return Iq.set(Element.builder("query", NAMESPACE)
                .child(Element.builder("item", NAMESPACE).attribute("jid", contact.toString())
                        .attribute("name", name.filter(n -> !n.isEmpty()).orElse(null)).build())
                .build()).element();
    }

    /** A roster set removing a contact (RFC 6121 §2.5). */
    public static Element remove(Jid contact) {
        return Iq.set(Element.builder("query", NAMESPACE)
                .child(Element.builder("item", NAMESPACE).attribute("jid", contact.toString())
                        .attribute("subscription", RosterItem.REMOVE).build())
                .build()).element();
    }
}
