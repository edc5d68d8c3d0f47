package dev.xmppd.protocol.ext.muc;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A room bookmark (XEP-0402 PEP Native Bookmarks): a PEP item on node {@code urn:xmpp:bookmarks:1} whose id is
 * the room JID and whose payload is {@code <conference name autojoin><nick/><password/></conference>}.
 */
public record Bookmark(Jid room, Optional<String> name, boolean autojoin, Optional<String> nick,
                       Optional<String> password) {

    public static final String NAMESPACE = "urn:xmpp:bookmarks:1";
    public static final String PUBSUB_NAMESPACE = "http://jabber.org/protocol/pubsub";

    public Bookmark {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(password, "password");
    }

    /** The iq get payload fetching every bookmark: {@code <pubsub><items node='urn:xmpp:bookmarks:1'/></pubsub>}. */
    public static Element request() {
        return Element.builder("pubsub", PUBSUB_NAMESPACE)
                .child(Element.builder("items", PUBSUB_NAMESPACE).attribute("node", NAMESPACE).build())
                .build();
    }

    /** The bookmarks in a pubsub {@code <items/>} element (from a result or a PEP notification). */
    public static List<Bookmark> parseItems(Element items) {
        List<Bookmark> found = new ArrayList<>();
        for (Element item : items.elements()) {
            if (!item.name().equals("item")) {
                continue;
            }
            Optional<Jid> room = item.attribute("id").flatMap(Jid::tryParse);
            Optional<Element> conference = item.child("conference", NAMESPACE);
            if (room.isPresent() && conference.isPresent()) {
                Element c = conference.get();
                found.add(new Bookmark(room.get(), c.attribute("name"),
                        c.attribute("autojoin").map(v -> v.equals("true") || v.equals("1")).orElse(false),
                        c.childText("nick", NAMESPACE), c.childText("password", NAMESPACE)));
            }
        }
        return found;
    }

    /** The bookmarks of a pubsub result payload ({@code <pubsub><items>...}). */
    public static List<Bookmark> parse(Element pubsub) {
        return pubsub.child("items", PUBSUB_NAMESPACE).map(Bookmark::parseItems).orElse(List.of());
    }

    public Element toConference() {
        Element.Builder b = Element.builder("conference", NAMESPACE)
                .attribute("name", name.orElse(null))
                .attribute("autojoin", autojoin ? "true" : null);
        nick.ifPresent(n -> b.textChild("nick", n));
        password.ifPresent(p -> b.textChild("password", p));
        return b.build();
    }
}
