package dev.xmppd.protocol.ext.sid;

import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/** The sender's own id for a message (XEP-0359 {@code <origin-id id='...'/>}), kept across MAM and carbons. */
public final class OriginId {

    public static final String NAMESPACE = StanzaId.NAMESPACE;

    private OriginId() {
    }

    public static Element element(String id) {
        return Element.builder("origin-id", NAMESPACE).attribute("id", id).build();
    }

    public static Optional<String> of(Element stanza) {
        return stanza.child("origin-id", NAMESPACE).flatMap(e -> e.attribute("id")).filter(s -> !s.isEmpty());
    }
}
