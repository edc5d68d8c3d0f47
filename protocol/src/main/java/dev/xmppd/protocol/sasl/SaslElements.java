package dev.xmppd.protocol.sasl;

import dev.xmppd.protocol.sasl.SaslException.Reason;
import dev.xmppd.protocol.xml.Element;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The SASL elements of RFC 6120 §6.4 ({@code urn:ietf:params:xml:ns:xmpp-sasl}), built and parsed. */
public final class SaslElements {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-sasl";

    private SaslElements() {
    }

    /** The mechanism names in a {@code <mechanisms/>} feature, in the server's order. */
    public static List<String> mechanisms(Element mechanisms) {
        return mechanisms.children("mechanism", NAMESPACE).stream()
                .map(m -> m.text().strip())
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** {@code <auth mechanism='...'>base64</auth>}; an empty initial response is sent as {@code =}. */
    public static Element auth(String mechanism, byte[] initialResponse) {
        return Element.builder("auth", NAMESPACE)
                .attribute("mechanism", mechanism)
                .text(initialResponse.length == 0 ? "=" : Base64.getEncoder().encodeToString(initialResponse))
                .build();
    }

    /** {@code <response>base64</response>}; an empty response is an empty element. */
    public static Element response(byte[] data) {
        return Element.builder("response", NAMESPACE)
                .text(Base64.getEncoder().encodeToString(data))
                .build();
    }

    public static Element abort() {
        return Element.builder("abort", NAMESPACE).build();
    }

    /**
     * Parses a challenge, success or failure. Empty when the element is none of them.
     *
     * @throws SaslException MALFORMED_CHALLENGE when the content is not base64
     */
    public static Optional<SaslServerMessage> parse(Element element) throws SaslException {
        if (!element.namespace().equals(NAMESPACE)) {
            return Optional.empty();
        }
        return switch (element.name()) {
            case "challenge" -> Optional.of(new SaslServerMessage.Challenge(decode(element.text())));
            case "success" -> Optional.of(new SaslServerMessage.Success(decode(element.text())));
            case "failure" -> Optional.of(failure(element));
            default -> Optional.empty();
        };
    }

    private static SaslServerMessage.Failure failure(Element element) {
        SaslFailureCondition condition = element.elements().stream()
                .filter(e -> e.namespace().equals(NAMESPACE) && !e.name().equals("text"))
                .findFirst()
                .map(e -> SaslFailureCondition.fromElementName(e.name()))
                .orElse(SaslFailureCondition.UNKNOWN);
        return new SaslServerMessage.Failure(condition, element.childText("text", NAMESPACE));
    }

    /** Base64 content; empty or {@code =} both mean no data (RFC 6120 §6.4.6). Whitespace is ignored. */
    public static byte[] decode(String text) throws SaslException {
        String compact = text.replaceAll("\\s", "");
        if (compact.isEmpty() || compact.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new SaslException(Reason.MALFORMED_CHALLENGE, "SASL: the server sent data that is not base64");
        }
    }
}
