package dev.xmppd.protocol.ext.carbons;

import dev.xmppd.protocol.ext.forward.Forwarded;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;

/**
 * Message carbons (XEP-0280): copies of the account's messages exchanged by its other clients, wrapped in
 * {@code <received/>} or {@code <sent/>} around a forwarded message.
 */
public final class Carbons {

    public static final String NAMESPACE = "urn:xmpp:carbons:2";
    /** The disco feature (announced by the server, or on the account by some servers). */
    public static final String FEATURE = NAMESPACE;

    /** Whether the copy is of a message the account received or one of its other clients sent. */
    public enum Direction { RECEIVED, SENT }

    /** One carbon copy: which way the original went, and the original. */
    public record CarbonCopy(Direction direction, Forwarded forwarded) {
        public CarbonCopy {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(forwarded, "forwarded");
        }

        public Message message() {
            return forwarded.message();
        }
    }

    private Carbons() {
    }

    /** The payload of the iq set that turns carbons on. */
    public static Element enable() {
        return Element.builder("enable", NAMESPACE).build();
    }

    public static Element disable() {
        return Element.builder("disable", NAMESPACE).build();
    }

    /** {@code <private/>}: asks the server not to copy this message (XEP-0280 §7). */
    public static Element privateHint() {
        return Element.builder("private", NAMESPACE).build();
    }

    /**
     * The carbon copy in {@code outer}, empty when it holds none. This does not check the sender: call
     * {@link #isFromOwnAccount(Message, Jid)} first, or use {@link #parseTrusted(Message, Jid)}.
     */
    public static Optional<CarbonCopy> parse(Message outer) {
        for (Element child : outer.element().elements()) {
            if (child.is("received", NAMESPACE)) {
                return Forwarded.in(child).map(f -> new CarbonCopy(Direction.RECEIVED, f));
            }
            if (child.is("sent", NAMESPACE)) {
                return Forwarded.in(child).map(f -> new CarbonCopy(Direction.SENT, f));
            }
        }
        return Optional.empty();
    }

    /**
     * XEP-0280 §11: a carbon is genuine only when the wrapping message comes from the account's own bare JID
     * (an absent from is the account too, RFC 6120 §8.1.2.1). Anyone else sending a wrapper is forging a
     * message in our name.
     */
    public static boolean isFromOwnAccount(Message outer, Jid ownBare) {
        if (outer.rawFrom().isEmpty()) {
            return true;
        }
        return outer.from().map(f -> f.equals(ownBare.bare())).orElse(false);
    }

    /** {@link #parse(Message)} for a wrapper that passes {@link #isFromOwnAccount(Message, Jid)}, else empty. */
    public static Optional<CarbonCopy> parseTrusted(Message outer, Jid ownBare) {
        return isFromOwnAccount(outer, ownBare) ? parse(outer) : Optional.empty();
    }

    /** True when the message is a carbon wrapper at all (to skip it as a normal message even if forged). */
    public static boolean isCarbon(Message outer) {
        return outer.element().child("received", NAMESPACE).isPresent()
                || outer.element().child("sent", NAMESPACE).isPresent();
    }
}
