package dev.xmppd.protocol.ext.muc;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The occupant information a room adds to presence (XEP-0045 {@code http://jabber.org/protocol/muc#user}):
 * affiliation, role, real JID when visible, and status codes (110: this is you; 201: the room was just created).
 */
public record MucUser(Optional<String> affiliation, Optional<String> role, Optional<Jid> jid, Optional<String> nick,
                      Set<Integer> statusCodes) {

    public static final String NAMESPACE = "http://jabber.org/protocol/muc#user";
    public static final int STATUS_SELF_PRESENCE = 110;
    public static final int STATUS_ROOM_CREATED = 201;

    public MucUser {
        Objects.requireNonNull(affiliation, "affiliation");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(nick, "nick");
        statusCodes = Set.copyOf(statusCodes);
    }

    /** The muc#user data of a presence; empty when it has none. */
    public static Optional<MucUser> of(Presence presence) {
        return presence.element().child("x", NAMESPACE).map(MucUser::parse);
    }

    public static MucUser parse(Element x) {
        Optional<Element> item = x.child("item", NAMESPACE);
        Set<Integer> codes = x.children("status", NAMESPACE).stream()
                .map(s -> s.attribute("code"))
                .flatMap(Optional::stream)
                .map(MucUser::code)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
        return new MucUser(item.flatMap(i -> i.attribute("affiliation")), item.flatMap(i -> i.attribute("role")),
                item.flatMap(i -> i.attribute("jid")).flatMap(Jid::tryParse), item.flatMap(i -> i.attribute("nick")),
                codes);
    }

    private static Optional<Integer> code(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Status 110: the presence is about our own occupant (the join has completed). */
    public boolean isSelf() {
        return statusCodes.contains(STATUS_SELF_PRESENCE);
    }

    public boolean roomCreated() {
        return statusCodes.contains(STATUS_ROOM_CREATED);
    }

    public Element toElement() {
        Element.Builder item = Element.builder("item", NAMESPACE)
                .attribute("affiliation", affiliation.orElse(null))
                .attribute("role", role.orElse(null))
                .attribute("jid", jid.map(Jid::toString).orElse(null))
                .attribute("nick", nick.orElse(null));
        Element.Builder x = Element.builder("x", NAMESPACE).child(item.build());
        statusCodes.stream().sorted()
                .forEach(c -> x.child(Element.builder("status", NAMESPACE).attribute("code", c.toString()).build()));
        return x.build();
    }
}
