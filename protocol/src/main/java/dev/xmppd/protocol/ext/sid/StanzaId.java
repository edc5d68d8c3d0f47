package dev.xmppd.protocol.ext.sid;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stanza id assigned by an archive (XEP-0359 {@code <stanza-id by='archive' id='...'/>}). Anyone can put
 * one in a stanza, so an id only counts when {@code by} is the archive we trust (XEP-0359 §5): use
 * {@link #assignedBy(Element, Jid)}.
 */
public record StanzaId(String id, String by) {

    public static final String NAMESPACE = "urn:xmpp:sid:0";
    /** The disco feature of an entity that assigns stanza ids. */
    public static final String FEATURE = NAMESPACE;

    public StanzaId {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(by, "by");
    }

    /** Every well-formed {@code <stanza-id/>} child of a stanza (one per archive). */
    public static List<StanzaId> all(Element stanza) {
        return stanza.children("stanza-id", NAMESPACE).stream()
                .filter(e -> e.attribute("id").isPresent() && e.attribute("by").isPresent())
                .map(e -> new StanzaId(e.attribute("id").orElseThrow(), e.attribute("by").orElseThrow()))
                .toList();
    }

    /** The id assigned by {@code archive} (compared as normalised bare JIDs), if any. */
    public static Optional<String> assignedBy(Element stanza, Jid archive) {
        Jid wanted = archive.bare();
        return all(stanza).stream()
                .filter(s -> Jid.tryParse(s.by()).map(j -> j.equals(wanted)).orElse(false))
                .map(StanzaId::id)
                .findFirst();
    }

    public Element toElement() {
        return Element.builder("stanza-id", NAMESPACE).attribute("by", by).attribute("id", id).build();
    }
}
