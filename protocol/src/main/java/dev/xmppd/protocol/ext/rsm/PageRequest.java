package dev.xmppd.protocol.ext.rsm;

import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A result set request (XEP-0059 {@code <set/>}): page size and position. {@code before} with an empty
 * string asks for the last page (XEP-0059 §2.5).
 */
public record PageRequest(OptionalInt max, Optional<String> after, Optional<String> before, OptionalInt index) {

    public static final String NAMESPACE = "http://jabber.org/protocol/rsm";

    public PageRequest {
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(index, "index");
    }

    /** The first page of {@code max} items. */
    public static PageRequest first(int max) {
        return new PageRequest(OptionalInt.of(max), Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    /** The page after the item {@code id}. */
    public static PageRequest after(String id, OptionalInt max) {
        return new PageRequest(max, Optional.of(id), Optional.empty(), OptionalInt.empty());
    }

    /** The page before the item {@code id}; an empty id means the last page. */
    public static PageRequest before(String id, OptionalInt max) {
        return new PageRequest(max, Optional.empty(), Optional.of(id), OptionalInt.empty());
    }

    public static Optional<PageRequest> parse(Element set) {
        if (!set.is("set", NAMESPACE)) {
            return Optional.empty();
        }
        return Optional.of(new PageRequest(integer(set, "max"), set.childText("after", NAMESPACE),
                set.childText("before", NAMESPACE), integer(set, "index")));
    }

    static OptionalInt integer(Element set, String name) {
        Optional<String> text = set.childText(name, NAMESPACE);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.get().strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    public Element toElement() {
        Element.Builder b = Element.builder("set", NAMESPACE);
        max.ifPresent(m -> b.textChild("max", Integer.toString(m)));
        after.ifPresent(a -> b.textChild("after", a));
        before.ifPresent(v -> b.child(Element.builder("before", NAMESPACE).text(v).build()));
        index.ifPresent(i -> b.textChild("index", Integer.toString(i)));
        return b.build();
    }
}
