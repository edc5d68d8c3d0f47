package dev.xmppd.protocol.ext.bind2;

import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Optional;

/**
 * Bind 2 (XEP-0386): resource binding inside SASL2 authentication. The client sends a tag naming itself (the
 * server makes the resource from it) and the features to enable at once; the success element then holds
 * {@code <bound/>} with their results, or {@code <failed/>}. The full JID is SASL2's authorization identifier.
 */
public final class Bind2 {

    public static final String NAMESPACE = "urn:xmpp:bind:0";

    /** What became of the bind request. */
    public sealed interface Result {
    }

    /** Bound; {@code results} are the answers of the inline requests (e.g. {@code <enabled xmlns='urn:xmpp:sm:3'/>}). */
    public record Bound(List<Element> results) implements Result {
        public Bound {
            results = List.copyOf(results);
        }

        /** The answer in {@code namespace}, when the server gave one. */
        public Optional<Element> resultIn(String namespace) {
            return results.stream().filter(e -> e.namespace().equals(namespace)).findFirst();
        }
    }

    /** The server could not bind; {@code condition} is the stanza error's condition. */
    public record Failed(String condition) implements Result {
    }

    private Bind2() {
    }

    /** {@code <bind><tag>tag</tag>inline...</bind>}; an empty tag is left out. */
    public static Element request(String tag, List<Element> inline) {
        return Element.builder("bind", NAMESPACE)
                .textChild("tag", tag.isEmpty() ? null : tag)
                .children(inline)
                .build();
    }

    /** The bind result inside a SASL2 {@code <success/>}; empty when the server did not bind (no request made). */
    public static Optional<Result> resultIn(Element success) {
        Optional<Element> bound = success.child("bound", NAMESPACE);
        if (bound.isPresent()) {
            return Optional.of(new Bound(bound.get().elements()));
        }
        return success.child("failed", NAMESPACE).map(failed -> new Failed(failed.elements().stream()
                .filter(e -> e.name().equals("error")).findFirst()
                .flatMap(e -> e.elements().stream().filter(c -> !c.name().equals("text")).findFirst())
                .map(Element::name).orElse("undefined-condition")));
    }
}
