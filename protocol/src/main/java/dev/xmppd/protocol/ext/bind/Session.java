package dev.xmppd.protocol.ext.bind;

import dev.xmppd.protocol.xml.Element;

/**
 * Legacy session establishment (RFC 3921 §3, dropped by RFC 6121). Old servers list {@code <session/>} after
 * binding; it must be requested only when listed without {@code <optional/>} (draft-cridland-xmpp-session).
 */
public final class Session {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-session";

    private Session() {
    }

    /** The payload of the session iq set. */
    public static Element request() {
        return Element.builder("session", NAMESPACE).build();
    }

    /** True when the {@code <session/>} feature element demands the request. */
    public static boolean isRequired(Element sessionFeature) {
        return sessionFeature.is("session", NAMESPACE) && sessionFeature.child("optional", NAMESPACE).isEmpty();
    }
}
