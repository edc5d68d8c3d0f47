package dev.xmppd.protocol.stanza;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;

/** A {@code <presence/>} stanza (RFC 6121 §4). */
public record Presence(Element element) implements Stanza {

    public Presence {
        Objects.requireNonNull(element, "element");
        if (!element.is("presence", NAMESPACE)) {
            throw new IllegalArgumentException("not a presence stanza: <" + element.name() + "/> in "
                    + element.namespace());
        }
    }

    /** An available presence; priority 0 is the default and is then left out. */
    public static Presence available(Optional<Show> show, Optional<String> status, int priority) {
        if (priority < -128 || priority > 127) {
            throw new IllegalArgumentException("presence priority must be in -128..127 (RFC 6121 §4.7.2.3)");
        }
        Element.Builder b = Element.builder("presence", NAMESPACE);
        show.ifPresent(s -> b.textChild("show", s.value()));
        status.ifPresent(s -> b.textChild("status", s));
        if (priority != 0) {
            b.textChild("priority", Integer.toString(priority));
        }
        return new Presence(b.build());
    }

    /** The plain initial presence {@code <presence/>}. */
    public static Presence available() {
        return available(Optional.empty(), Optional.empty(), 0);
    }

    public static Presence unavailable(Optional<String> status) {
        Element.Builder b = Element.builder("presence", NAMESPACE).attribute("type", "unavailable");
        status.ifPresent(s -> b.textChild("status", s));
        return new Presence(b.build());
    }

    /** A subscription-management presence (subscribe, subscribed, unsubscribe, unsubscribed) to a bare JID. */
    public static Presence subscription(PresenceType type, Jid to) {
        return new Presence(Element.builder("presence", NAMESPACE)
                .attribute("type", type.value().orElseThrow(
                        () -> new IllegalArgumentException("an available presence is not a subscription")))
                .attribute("to", to.bare().toString())
                .build());
    }

    /** The type; empty when the attribute holds a value RFC 6121 does not define. */
    public Optional<PresenceType> type() {
        return PresenceType.parse(element.attribute("type"));
    }

    public Optional<Show> show() {
        return element.childText("show", NAMESPACE).flatMap(s -> Show.parse(s.strip()));
    }

    public Optional<String> status() {
        return element.childText("status", NAMESPACE);
    }

    /** The priority, 0 when absent or not a number in -128..127. */
    public int priority() {
        return element.childText("priority", NAMESPACE).map(p -> {
            try {
                int value = Integer.parseInt(p.strip());
                return value >= -128 && value <= 127 ? value : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
    }

    public Presence withChild(Element child) {
        return new Presence(element.withChild(child));
    }

    @Override
    public Presence withId(String id) {
        return new Presence(element.withAttribute("id", id));
    }

    @Override
    public Presence withTo(Jid to) {
        return new Presence(element.withAttribute("to", to.toString()));
    }

    @Override
    public Presence withFrom(Jid from) {
        return new Presence(element.withAttribute("from", from.toString()));
    }
}
