package dev.xmppd.protocol.sasl2;

import dev.xmppd.protocol.xml.Element;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The client's SASL2 elements (XEP-0388 §2): {@code <authenticate/>} with the initial response, the user agent
 * and the inline requests (Bind2, stream management, FAST), {@code <response/>} and {@code <abort/>}.
 */
public final class Sasl2 {

    public static final String NAMESPACE = "urn:xmpp:sasl:2";
    /** XEP-0198, as advertised and used inline. */
    public static final String SM_NAMESPACE = "urn:xmpp:sm:3";

    /**
     * XEP-0388 §2.2: who is logging in. {@code id} is a stable UUID of this client installation: the server ties
     * FAST tokens and Bind2 resources to it.
     */
    public record UserAgent(String id, String software, String device) {
        public UserAgent {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(software, "software");
            Objects.requireNonNull(device, "device");
        }

        Element toElement() {
            return Element.builder("user-agent", NAMESPACE)
                    .attribute("id", id)
                    .textChild("software", software.isEmpty() ? null : software)
                    .textChild("device", device.isEmpty() ? null : device)
                    .build();
        }
    }

    private Sasl2() {
    }

    /**
     * {@code <authenticate mechanism='...'>}: the initial response (base64, {@code =} when empty), the user agent,
     * then the inline requests in order.
     */
    public static Element authenticate(String mechanism, byte[] initialResponse, UserAgent userAgent,
                                       List<Element> inline) {
        return Element.builder("authenticate", NAMESPACE)
                .attribute("mechanism", mechanism)
                .textChild("initial-response", base64(initialResponse))
                .child(userAgent.toElement())
                .children(inline)
                .build();
    }

    public static Element response(byte[] data) {
        return Element.builder("response", NAMESPACE).text(base64(data)).build();
    }

    public static Element abort() {
        return Element.builder("abort", NAMESPACE).build();
    }

    private static String base64(byte[] data) {
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }
}
