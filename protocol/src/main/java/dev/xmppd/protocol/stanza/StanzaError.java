package dev.xmppd.protocol.stanza;

import dev.xmppd.protocol.xml.Element;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A stanza error (RFC 6120 §8.3): type, defined condition, optional text and {@code by}, and an optional
 * application-specific condition element.
 */
public record StanzaError(Type type, Condition condition, Optional<String> text, Optional<String> by,
                          Optional<Element> applicationCondition) {

    /** The namespace of the defined conditions and of {@code <text/>}. */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-stanzas";

    /** RFC 6120 §8.3.2: what the sender should do. */
    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Type> parse(String value) {
            for (Type t : values()) {
                if (t.value().equals(value)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** RFC 6120 §8.3.3: the defined conditions, with the type each usually goes with. */
    public enum Condition {
        BAD_REQUEST(Type.MODIFY), CONFLICT(Type.CANCEL), FEATURE_NOT_IMPLEMENTED(Type.CANCEL),
        FORBIDDEN(Type.AUTH), GONE(Type.CANCEL), INTERNAL_SERVER_ERROR(Type.CANCEL),
        ITEM_NOT_FOUND(Type.CANCEL), JID_MALFORMED(Type.MODIFY), NOT_ACCEPTABLE(Type.MODIFY),
        NOT_ALLOWED(Type.CANCEL), NOT_AUTHORIZED(Type.AUTH), POLICY_VIOLATION(Type.MODIFY),
        RECIPIENT_UNAVAILABLE(Type.WAIT), REDIRECT(Type.MODIFY), REGISTRATION_REQUIRED(Type.AUTH),
        REMOTE_SERVER_NOT_FOUND(Type.CANCEL), REMOTE_SERVER_TIMEOUT(Type.WAIT),
        RESOURCE_CONSTRAINT(Type.WAIT), SERVICE_UNAVAILABLE(Type.CANCEL),
        SUBSCRIPTION_REQUIRED(Type.AUTH), UNDEFINED_CONDITION(Type.CANCEL), UNEXPECTED_REQUEST(Type.WAIT);

        private final Type defaultType;

        Condition(Type defaultType) {
            this.defaultType = defaultType;
        }

        public Type defaultType() {
            return defaultType;
        }

        public String elementName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Condition> fromElementName(String name) {
            for (Condition c : values()) {
                if (c.elementName().equals(name)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    public StanzaError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(applicationCondition, "applicationCondition");
    }

    /** An error with the condition's usual type and no text. */
    public static StanzaError of(Condition condition) {
        return new StanzaError(condition.defaultType(), condition, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition.defaultType(), condition, Optional.of(text), Optional.empty(),
                Optional.empty());
    }

    /**
     * Parses an {@code <error/>} element. Tolerant: an unknown or missing condition reads as
     * {@code undefined-condition}, an unknown type as the condition's usual type.
     */
    public static StanzaError parse(Element error) {
        Condition condition = Condition.UNDEFINED_CONDITION;
        Optional<Element> application = Optional.empty();
        boolean found = false;
        for (Element child : error.elements()) {
            if (child.namespace().equals(NAMESPACE)) {
                if (!found && !child.name().equals("text")) {
                    Optional<Condition> c = Condition.fromElementName(child.name());
                    if (c.isPresent()) {
                        condition = c.get();
                        found = true;
                    }
                }
            } else if (application.isEmpty()) {
                application = Optional.of(child);
            }
        }
        Condition chosen = condition;
        Type type = error.attribute("type").flatMap(Type::parse).orElseGet(chosen::defaultType);
        return new StanzaError(type, condition, error.childText("text", NAMESPACE), error.attribute("by"),
                application);
    }

    /** The {@code <error/>} element in {@code jabber:client}. */
    public Element toElement() {
        Element.Builder b = Element.builder("error", Stanza.NAMESPACE)
                .attribute("type", type.value())
                .attribute("by", by.orElse(null))
                .child(Element.builder(condition.elementName(), NAMESPACE).build());
        text.ifPresent(t -> b.child(Element.builder("text", NAMESPACE).attribute("xml:lang", "en").text(t).build()));
        applicationCondition.ifPresent(b::child);
        return b.build();
    }
}
