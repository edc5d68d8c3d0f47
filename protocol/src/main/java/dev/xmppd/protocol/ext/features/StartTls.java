package dev.xmppd.protocol.ext.features;

import dev.xmppd.protocol.xml.Element;

/** STARTTLS (RFC 6120 §5): the request, and the server's proceed or failure. */
public final class StartTls {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-tls";

    private StartTls() {
    }

    public static Element request() {
        return Element.builder("starttls", NAMESPACE).build();
    }

    public static boolean isProceed(Element e) {
        return e.is("proceed", NAMESPACE);
    }

    /** RFC 6120 §5.4.2.2: the server refuses; it closes the stream after this. */
    public static boolean isFailure(Element e) {
        return e.is("failure", NAMESPACE);
    }
}
