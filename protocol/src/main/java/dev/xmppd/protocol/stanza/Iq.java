package dev.xmppd.protocol.stanza;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code <iq/>} stanza (RFC 6120 §8.2.3). The constructor refuses an iq without a valid type; use
 * {@link Stanza#of(Element)} for untrusted input. Factories without an id argument draw a fresh random id.
 */
public record Iq(Element element) implements Stanza {

    public Iq {
        Objects.requireNonNull(element, "element");
        if (!element.is("iq", NAMESPACE)) {
            throw new IllegalArgumentException("not an iq stanza: <" + element.name() + "/> in "
                    + element.namespace());
        }
        if (element.attribute("type").flatMap(IqType::parse).isEmpty()) {
            throw new IllegalArgumentException("iq without a valid type attribute");
        }
    }

    /** A get to the account's own server / bare JID (no to attribute). */
    public static Iq get(Element payload) {
        return request(IqType.GET, Optional.empty(), payload, StanzaIds.next());
    }

    public static Iq get(Jid to, Element payload) {
        return request(IqType.GET, Optional.of(to), payload, StanzaIds.next());
    }

    public static Iq set(Element payload) {
        return request(IqType.SET, Optional.empty(), payload, StanzaIds.next());
    }

    public static Iq set(Jid to, Element payload) {
        return request(IqType.SET, Optional.of(to), payload, StanzaIds.next());
    }

    /** A get or set with every part given. */
    public static Iq request(IqType type, Optional<Jid> to, Element payload, String id) {
        if (type != IqType.GET && type != IqType.SET) {
            throw new IllegalArgumentException("a request is a get or a set, not " + type.value());
        }
        return new Iq(Element.builder("iq", NAMESPACE)
                .attribute("type", type.value())
                .attribute("id", Objects.requireNonNull(id, "id"))
                .attribute("to", to.map(Jid::toString).orElse(null))
                .child(payload)
                .build());
    }

    /** An empty result answering {@code request}: same id, addressed back to its sender. */
    public static Iq result(Iq request) {
        return new Iq(replyTo(request, IqType.RESULT).build());
    }

    public static Iq result(Iq request, Element payload) {
        return new Iq(replyTo(request, IqType.RESULT).child(payload).build());
    }

    /** An error answering {@code request} (RFC 6120 §8.3.1). */
    public static Iq error(Iq request, StanzaError error) {
        return new Iq(replyTo(request, IqType.ERROR).child(error.toElement()).build());
    }

    private static Element.Builder replyTo(Iq request, IqType type) {
        return Element.builder("iq", NAMESPACE)
                .attribute("type", type.value())
                .attribute("id", request.id().orElse(""))
                .attribute("to", request.rawFrom().orElse(null));
    }

    public IqType type() {
        return element.attribute("type").flatMap(IqType::parse).orElseThrow();
    }

    public boolean isRequest() {
        return type() == IqType.GET || type() == IqType.SET;
    }

    /** The first child element other than {@code <error/>}: the query of a get/set, the answer of a result. */
    public Optional<Element> payload() {
        return element.elements().stream()
                .filter(e -> !e.is("error", NAMESPACE))
                .findFirst();
    }

    @Override
    public Iq withId(String id) {
        return new Iq(element.withAttribute("id", id));
    }

    @Override
    public Iq withTo(Jid to) {
        return new Iq(element.withAttribute("to", to.toString()));
    }

    @Override
    public Iq withFrom(Jid from) {
        return new Iq(element.withAttribute("from", from.toString()));
    }
}
