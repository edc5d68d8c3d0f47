package dev.xmppd.daemon.login;

import dev.xmppd.protocol.ext.disco.DiscoInfo;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.stanza.StanzaError;
import dev.xmppd.protocol.xml.Element;
import java.util.List;

/**
 * Answers requests addressed to us that are not roster or blocklist pushes: disco#info about ourselves
 * (XEP-0030 §3.1, seed slide "Service discovery (me too)"), XEP-0199 pings, and
 * {@code service-unavailable} for everything else (RFC 6120 §8.4: an entity must answer every get/set).
 */
public final class IqResponder {

    static final String PING_NAMESPACE = "urn:xmpp:ping";

    /** What we tell others we support. */
    public static final List<String> FEATURES = List.of(DiscoInfo.NAMESPACE, PING_NAMESPACE,
            CarbonsStep.NAMESPACE, BlocklistPush.NAMESPACE, "urn:xmpp:sid:0");

    private IqResponder() {
    }

    public static Element answer(Iq request) {
        Element payload = request.payload().orElse(null);
        if (payload != null && request.type() == IqType.GET) {
            if (payload.is("query", DiscoInfo.NAMESPACE) && payload.attribute("node").isEmpty()) {
                return Iq.result(request, ourInfo()).element();
            }
            if (payload.is("ping", PING_NAMESPACE)) {
                return Iq.result(request).element();
            }
        }
        return Iq.error(request, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE)).element();
    }

    static Element ourInfo() {
        Element.Builder query = Element.builder("query", DiscoInfo.NAMESPACE)
                .child(Element.builder("identity", DiscoInfo.NAMESPACE).attribute("category", "client")
                        .attribute("type", "bot").attribute("name", "xmppd").build());
        for (String feature : FEATURES) {
            query.child(Element.builder("feature", DiscoInfo.NAMESPACE).attribute("var", feature).build());
        }
        return query.build();
    }
}
