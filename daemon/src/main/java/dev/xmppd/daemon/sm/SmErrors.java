package dev.xmppd.daemon.sm;

import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamErrorCondition;
import dev.xmppd.protocol.xml.StreamReader;

/** The elements stream management sends besides its nonzas. */
final class SmErrors {

    private SmErrors() {
    }

    /**
     * XEP-0198 §4: the server acknowledged more than we sent. {@code <stream:error>} with
     * {@code <undefined-condition/>} and {@code <handled-count-too-high h='..' send-count='..'/>}.
     */
    static Element handledCountTooHigh(long h, long sendCount) {
        return Element.builder("error", StreamReader.STREAMS_NAMESPACE)
                .child(Element.builder("undefined-condition", StreamErrorCondition.NAMESPACE).build())
                .child(Element.builder("handled-count-too-high", SmNonza.NAMESPACE)
                        .attribute("h", Long.toString(h))
                        .attribute("send-count", Long.toString(sendCount))
                        .build())
                .build();
    }

    /** XEP-0199 ping to our server, to hear from it on a stream without stream management. */
    static Element ping(String id) {
        return Element.builder("iq", "jabber:client")
                .attribute("type", IqType.GET.value())
                .attribute("id", id)
                .child(Element.builder("ping", "urn:xmpp:ping").build())
                .build();
    }
}
