package dev.xmppd.protocol.stanza;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;

/** A {@code <message/>} stanza (RFC 6121 §5). */
public record Message(Element element) implements Stanza {

    public Message {
        Objects.requireNonNull(element, "element");
        if (!element.is("message", NAMESPACE)) {
            throw new IllegalArgumentException("not a message stanza: <" + element.name() + "/> in "
                    + element.namespace());
        }
    }

    /** {@code <message type='chat' to=... id=...><body>...</body></message>}. */
    public static Message chat(Jid to, String body, String id) {
        return new Message(Element.builder("message", NAMESPACE)
                .attribute("type", MessageType.CHAT.value())
                .attribute("to", to.toString())
                .attribute("id", id)
                .textChild("body", body)
                .build());
    }

    /** A message of any type with a body; extension children can be added with {@link #withChild(Element)}. */
    public static Message of(MessageType type, Jid to, String body, String id) {
        return new Message(Element.builder("message", NAMESPACE)
                .attribute("type", type.value())
                .attribute("to", to.toString())
                .attribute("id", id)
                .textChild("body", body)
                .build());
    }

    public MessageType type() {
        return element.attribute("type").map(MessageType::parse).orElse(MessageType.NORMAL);
    }

    /** The body without xml:lang, or the first body when all carry one. */
    public Optional<String> body() {
        Optional<String> plain = element.children("body", NAMESPACE).stream()
                .filter(b -> b.attribute("xml:lang").isEmpty()).findFirst().map(Element::text);
        return plain.isPresent() ? plain : element.childText("body", NAMESPACE);
    }

    public Optional<String> subject() {
        return element.childText("subject", NAMESPACE);
    }

    public Optional<String> thread() {
        return element.childText("thread", NAMESPACE);
    }

    public Message withChild(Element child) {
        return new Message(element.withChild(child));
    }

    @Override
    public Message withId(String id) {
        return new Message(element.withAttribute("id", id));
    }

    @Override
    public Message withTo(Jid to) {
        return new Message(element.withAttribute("to", to.toString()));
    }

    @Override
    public Message withFrom(Jid from) {
        return new Message(element.withAttribute("from", from.toString()));
    }
}
