package dev.xmppd.protocol.ext.forward;

import dev.xmppd.protocol.ext.delay.Delay;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;

/**
 * A forwarded message (XEP-0297): the original {@code <message/>} and, when the forwarder knows it, when it
 * was first sent. Carbons (XEP-0280) and MAM results (XEP-0313) both wrap their message in one.
 */
public record Forwarded(Optional<Delay> delay, Message message) {

    public static final String NAMESPACE = "urn:xmpp:forward:0";

    public Forwarded {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(message, "message");
    }

    /** Parses {@code <forwarded/>}; empty when it is not one or holds no {@code jabber:client} message. */
    public static Optional<Forwarded> parse(Element forwarded) {
        if (!forwarded.is("forwarded", NAMESPACE)) {
            return Optional.empty();
        }
        return forwarded.child("message", Stanza.NAMESPACE)
                .map(m -> new Forwarded(Delay.in(forwarded), new Message(m)));
    }

    /** The {@code <forwarded/>} child of a wrapper ({@code <received/>}, {@code <result/>}...). */
    public static Optional<Forwarded> in(Element wrapper) {
        return wrapper.child("forwarded", NAMESPACE).flatMap(Forwarded::parse);
    }

    public Element toElement() {
        Element.Builder b = Element.builder("forwarded", NAMESPACE);
        delay.ifPresent(d -> b.child(d.toElement()));
        return b.child(message.element()).build();
    }
}
