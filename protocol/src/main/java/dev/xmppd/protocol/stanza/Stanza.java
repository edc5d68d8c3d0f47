package dev.xmppd.protocol.stanza;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/**
 * A thin typed view over a top-level {@code <message/>}, {@code <presence/>} or {@code <iq/>} element
 * in {@code jabber:client} (RFC 6120 §8). The element stays the source of truth: every accessor reads it.
 *
 * <p>Addresses: {@link #from()} and {@link #to()} never throw. They are empty when the attribute is absent
 * <em>or</em> malformed; {@link #hasMalformedAddress()} tells the two apart, and {@link #rawFrom()} /
 * {@link #rawTo()} give the attribute text, so a caller can answer {@code jid-malformed} or drop the stanza.
 */
public sealed interface Stanza permits Message, Presence, Iq {

    /** The content namespace of a client stream. */
    String NAMESPACE = "jabber:client";

    Element element();

    /**
     * The typed view of a stanza element: empty when the element is not a message, presence or iq in
     * {@code jabber:client}, or is an iq without a valid type (RFC 6120 §8.2.3 makes the type mandatory).
     */
    static Optional<Stanza> of(Element element) {
        if (!NAMESPACE.equals(element.namespace())) {
            return Optional.empty();
        }
        return switch (element.name()) {
            case "message" -> Optional.of(new Message(element));
            case "presence" -> Optional.of(new Presence(element));
            case "iq" -> element.attribute("type").flatMap(IqType::parse).isPresent()
                    ? Optional.of(new Iq(element)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** True for a message, presence or iq element in {@code jabber:client}. */
    static boolean isStanza(Element element) {
        return NAMESPACE.equals(element.namespace())
                && switch (element.name()) {
                    case "message", "presence", "iq" -> true;
                    default -> false;
                };
    }

    default Optional<String> id() {
        return element().attribute("id");
    }

    default Optional<String> rawFrom() {
        return element().attribute("from");
    }

    default Optional<String> rawTo() {
        return element().attribute("to");
    }

    /** The sender, empty when absent or malformed (see {@link #hasMalformedAddress()}). */
    default Optional<Jid> from() {
        return rawFrom().flatMap(Jid::tryParse);
    }

    /** The recipient, empty when absent or malformed (see {@link #hasMalformedAddress()}). */
    default Optional<Jid> to() {
        return rawTo().flatMap(Jid::tryParse);
    }

    /** True when a from or to attribute is present but is not a valid JID. */
    default boolean hasMalformedAddress() {
        return rawFrom().map(s -> Jid.tryParse(s).isEmpty()).orElse(false)
                || rawTo().map(s -> Jid.tryParse(s).isEmpty()).orElse(false);
    }

    /**
     * True when the stanza comes from the user's own account: no from at all (RFC 6120 §8.1.2.1: the server
     * speaks for the account) or from equal to the account's bare JID or to {@code ownJid} itself. Roster and
     * blocklist pushes and carbons must pass this check, or they are spoofed.
     */
    default boolean isFromOwnAccount(Jid ownJid) {
        if (rawFrom().isEmpty()) {
            return true;
        }
        return from().map(f -> f.equals(ownJid.bare()) || f.equals(ownJid)).orElse(false);
    }

    /** The {@code <error/>} child of an error stanza, parsed (RFC 6120 §8.3). */
    default Optional<StanzaError> error() {
        return element().child("error", NAMESPACE).map(StanzaError::parse);
    }

    /** The {@code xml:lang} of the stanza, when it has one. */
    default Optional<String> lang() {
        return element().attribute("xml:lang");
    }

    Stanza withId(String id);

    Stanza withTo(Jid to);

    Stanza withFrom(Jid from);
}
