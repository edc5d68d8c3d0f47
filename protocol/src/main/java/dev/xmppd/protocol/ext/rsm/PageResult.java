package dev.xmppd.protocol.ext.rsm;

import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The result set of a page (XEP-0059 §2): its first and last item ids, the total count, the first index. */
public record PageResult(Optional<String> first, Optional<String> last, OptionalInt count, OptionalInt firstIndex) {

    public static final String NAMESPACE = PageRequest.NAMESPACE;

    public PageResult {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(firstIndex, "firstIndex");
    }

    public static final PageResult EMPTY =
            new PageResult(Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());

    /** Parses {@code <set/>}; empty when the element is not one. Bad numbers read as absent. */
    public static Optional<PageResult> parse(Element set) {
        if (!set.is("set", NAMESPACE)) {
            return Optional.empty();
        }
        Optional<Element> first = set.child("first", NAMESPACE);
        OptionalInt index = OptionalInt.empty();
        if (first.isPresent() && first.get().attribute("index").isPresent()) {
            try {
                index = OptionalInt.of(Integer.parseInt(first.get().attribute("index").orElseThrow().strip()));
            } catch (NumberFormatException e) {
                index = OptionalInt.empty();
            }
        }
        return Optional.of(new PageResult(first.map(Element::text).filter(s -> !s.isEmpty()),
                set.childText("last", NAMESPACE).filter(s -> !s.isEmpty()),
                PageRequest.integer(set, "count"), index));
    }

    /** The {@code <set/>} child of a wrapper ({@code <fin/>}, {@code <query/>}). */
    public static Optional<PageResult> in(Element wrapper) {
        return wrapper.child("set", NAMESPACE).flatMap(PageResult::parse);
    }

    public Element toElement() {
        Element.Builder b = Element.builder("set", NAMESPACE);
        first.ifPresent(f -> b.child(Element.builder("first", NAMESPACE)
                .attribute("index", firstIndex.isPresent() ? Integer.toString(firstIndex.getAsInt()) : null)
                .text(f).build()));
        last.ifPresent(l -> b.textChild("last", l));
        count.ifPresent(c -> b.textChild("count", Integer.toString(c)));
        return b.build();
    }
}
