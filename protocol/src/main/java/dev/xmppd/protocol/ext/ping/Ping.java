package dev.xmppd.protocol.ext.ping;

import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;

/** XMPP ping (XEP-0199): an iq get with {@code <ping/>}, answered by an empty result. */
public final class Ping {

    public static final String NAMESPACE = "urn:xmpp:ping";
    public static final String FEATURE = NAMESPACE;

    private Ping() {
    }

    public static Element element() {
        return Element.builder("ping", NAMESPACE).build();
    }

    /** True for an incoming ping request, which the client answers with {@code Iq.result(request)}. */
    public static boolean isPing(Iq iq) {
        return iq.type() == IqType.GET && iq.payload().map(p -> p.is("ping", NAMESPACE)).orElse(false);
    }
}
