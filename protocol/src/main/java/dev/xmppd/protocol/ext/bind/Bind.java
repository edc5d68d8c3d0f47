package dev.xmppd.protocol.ext.bind;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/** Resource binding (RFC 6120 §7): ask for a resource (or let the server pick one) and learn the full JID. */
public final class Bind {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-bind";

    private Bind() {
    }

    /** The payload of the bind iq set; an empty resource asks the server to choose (§7.6). */
    public static Element request(Optional<String> resource) {
        Element.Builder b = Element.builder("bind", NAMESPACE);
        resource.filter(r -> !r.isEmpty()).ifPresent(r -> b.textChild("resource", r));
        return b.build();
    }

    /** The bound full JID of a bind result; empty when the iq is not a result carrying a valid full JID. */
    public static Optional<Jid> parseResult(Iq result) {
        if (result.type() != IqType.RESULT) {
            return Optional.empty();
        }
        return result.payload()
                .filter(p -> p.is("bind", NAMESPACE))
                .flatMap(p -> p.childText("jid", NAMESPACE))
                .flatMap(j -> Jid.tryParse(j.strip()))
                .filter(j -> !j.isBare() && j.local().isPresent());
    }
}
