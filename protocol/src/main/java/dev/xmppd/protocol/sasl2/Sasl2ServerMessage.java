package dev.xmppd.protocol.sasl2;

import dev.xmppd.protocol.sasl.SaslElements;
import dev.xmppd.protocol.sasl.SaslException;
import dev.xmppd.protocol.sasl.SaslFailureCondition;
import dev.xmppd.protocol.xml.Element;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server answers during SASL2 (XEP-0388 §2.3–2.6): a challenge, success (with the results of the inline
 * requests), failure, or continue (more tasks before success).
 */
public sealed interface Sasl2ServerMessage {

    record Challenge(byte[] data) implements Sasl2ServerMessage {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Challenge c && Arrays.equals(data, c.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Challenge[" + data.length + " bytes]";
        }
    }

    /**
     * Success: the mechanism's additional data (empty when none), the authorization identifier (the bare or full
     * JID the session now has), and the whole element, whose children carry the inline results
     * ({@code <bound/>}, {@code <enabled/>}, {@code <resumed/>}, a FAST {@code <token/>}).
     */
    record Success(byte[] additionalData, String authorizationIdentifier, Element element)
            implements Sasl2ServerMessage {
        public Success {
            additionalData = additionalData.clone();
            Objects.requireNonNull(authorizationIdentifier, "authorizationIdentifier");
            Objects.requireNonNull(element, "element");
        }

        @Override
        public byte[] additionalData() {
            return additionalData.clone();
        }

        @Override
        public String toString() {
            return "Success[" + authorizationIdentifier + ", " + additionalData.length + " bytes]";
        }
    }

    record Failure(SaslFailureCondition condition, Optional<String> text) implements Sasl2ServerMessage {
        public Failure {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(text, "text");
        }
    }

    /** XEP-0388 §2.6: authentication is not finished; the server names the tasks it wants. */
    record Continue(List<String> tasks, Optional<String> text) implements Sasl2ServerMessage {
        public Continue {
            tasks = List.copyOf(tasks);
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Parses a SASL2 answer; empty when the element is none of them.
     *
     * @throws SaslException MALFORMED_CHALLENGE when base64 content is invalid or success lacks its identifier
     */
    static Optional<Sasl2ServerMessage> parse(Element element) throws SaslException {
        if (!element.namespace().equals(Sasl2.NAMESPACE)) {
            return Optional.empty();
        }
        return switch (element.name()) {
            case "challenge" -> Optional.of(new Challenge(SaslElements.decode(element.text())));
            case "success" -> {
                String authzid = element.childText("authorization-identifier", Sasl2.NAMESPACE)
                        .map(String::strip).filter(s -> !s.isEmpty())
                        .orElseThrow(() -> new SaslException(SaslException.Reason.MALFORMED_CHALLENGE,
                                "SASL2: success without an authorization-identifier (XEP-0388 §2.4)"));
                byte[] data = SaslElements.decode(element.childText("additional-data", Sasl2.NAMESPACE).orElse(""));
                yield Optional.of(new Success(data, authzid, element));
            }
            case "failure" -> {
                // XEP-0388 §2.5: the condition is one of RFC 6120's, in the SASL1 namespace.
                SaslFailureCondition condition = element.elements().stream()
                        .filter(e -> e.namespace().equals(SaslElements.NAMESPACE) || e.namespace().isEmpty())
                        .filter(e -> !e.name().equals("text"))
                        .findFirst().map(e -> SaslFailureCondition.fromElementName(e.name()))
                        .orElse(SaslFailureCondition.UNKNOWN);
                yield Optional.of(new Failure(condition, element.childText("text", Sasl2.NAMESPACE)));
            }
            case "continue" -> Optional.of(new Continue(element.child("tasks", Sasl2.NAMESPACE)
                    .map(t -> t.children("task", Sasl2.NAMESPACE).stream().map(e -> e.text().strip()).toList())
                    .orElse(List.of()), element.childText("text", Sasl2.NAMESPACE)));
            default -> Optional.empty();
        };
    }
}
