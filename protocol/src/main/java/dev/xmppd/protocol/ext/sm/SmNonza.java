package dev.xmppd.protocol.ext.sm;

import dev.xmppd.protocol.stanza.StanzaError;
import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The stream management elements (XEP-0198 v3, {@code urn:xmpp:sm:3}), each a value with its element form.
 * {@code h} values are unsigned 32-bit numbers held in a long (see {@link SmCounter}).
 */
public sealed interface SmNonza {

    String NAMESPACE = "urn:xmpp:sm:3";

    Element toElement();

    /** Parses an element in {@code urn:xmpp:sm:3}; empty for anything else or a malformed h. */
    static Optional<SmNonza> parse(Element e) {
        if (!e.namespace().equals(NAMESPACE)) {
            return Optional.empty();
        }
        return switch (e.name()) {
            case "enable" -> Optional.of(new Enable(bool(e, "resume"), optionalLong(e, "max")));
            case "enabled" -> Optional.of(new Enabled(e.attribute("id"), bool(e, "resume"), e.attribute("location"),
                    optionalLong(e, "max")));
            case "r" -> Optional.of(Request.INSTANCE);
            case "a" -> h(e).map(Ack::new);
            case "resume" -> e.attribute("previd").flatMap(id -> h(e).map(h -> new Resume(id, h)));
            case "resumed" -> e.attribute("previd").flatMap(id -> h(e).map(h -> new Resumed(id, h)));
            case "failed" -> Optional.of(new Failed(optionalLong(e, "h"), e.elements().stream()
                    .filter(c -> c.namespace().equals(StanzaError.NAMESPACE))
                    .findFirst()
                    .flatMap(c -> StanzaError.Condition.fromElementName(c.name()))));
            default -> Optional.empty();
        };
    }

    private static boolean bool(Element e, String name) {
        return e.attribute(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    private static OptionalLong optionalLong(Element e, String name) {
        Optional<String> text = e.attribute(name);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        long value = SmCounter.parse(text.get());
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Optional<Long> h(Element e) {
        OptionalLong h = optionalLong(e, "h");
        return h.isPresent() ? Optional.of(h.getAsLong()) : Optional.empty();
    }

    /** {@code <enable resume='true' max='...'/>}. */
    record Enable(boolean resume, OptionalLong max) implements SmNonza {
        public Enable {
            Objects.requireNonNull(max, "max");
        }

        @Override
        public Element toElement() {
            return Element.builder("enable", NAMESPACE)
                    .attribute("resume", resume ? "true" : null)
                    .attribute("max", max.isPresent() ? Long.toString(max.getAsLong()) : null)
                    .build();
        }
    }

    /** {@code <enabled/>}: resumable when it has an id and resume='true'; max is the server's timeout in seconds. */
    record Enabled(Optional<String> id, boolean resume, Optional<String> location, OptionalLong max)
            implements SmNonza {
        public Enabled {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(max, "max");
        }

        public boolean resumable() {
            return resume && id.isPresent();
        }

        @Override
        public Element toElement() {
            return Element.builder("enabled", NAMESPACE)
                    .attribute("id", id.orElse(null))
                    .attribute("resume", resume ? "true" : null)
                    .attribute("location", location.orElse(null))
                    .attribute("max", max.isPresent() ? Long.toString(max.getAsLong()) : null)
                    .build();
        }
    }

    /** {@code <r/>}: asks the other side for an ack. */
    enum Request implements SmNonza {
        INSTANCE;

        @Override
        public Element toElement() {
            return Element.builder("r", NAMESPACE).build();
        }
    }

    /** {@code <a h='...'/>}: the number of stanzas handled so far. */
    record Ack(long h) implements SmNonza {
        public Ack {
            if (!SmCounter.isValid(h)) {
                throw new IllegalArgumentException("h must be an unsigned 32-bit number");
            }
        }

        @Override
        public Element toElement() {
            return Element.builder("a", NAMESPACE).attribute("h", Long.toString(h)).build();
        }
    }

    /** {@code <resume previd='...' h='...'/>}: h is what we handled of the old stream. */
    record Resume(String previd, long h) implements SmNonza {
        public Resume {
            Objects.requireNonNull(previd, "previd");
            if (!SmCounter.isValid(h)) {
                throw new IllegalArgumentException("h must be an unsigned 32-bit number");
            }
        }

        @Override
        public Element toElement() {
            return Element.builder("resume", NAMESPACE).attribute("h", Long.toString(h))
                    .attribute("previd", previd).build();
        }
    }

    /** {@code <resumed previd='...' h='...'/>}: h is what the server handled of ours. */
    record Resumed(String previd, long h) implements SmNonza {
        public Resumed {
            Objects.requireNonNull(previd, "previd");
        }

        @Override
        public Element toElement() {
            return Element.builder("resumed", NAMESPACE).attribute("h", Long.toString(h))
                    .attribute("previd", previd).build();
        }
    }

    /** {@code <failed/>}, optionally with h (XEP-0198 §5: lets us drop what the server did get) and a condition. */
    record Failed(OptionalLong h, Optional<StanzaError.Condition> condition) implements SmNonza {
        public Failed {
            Objects.requireNonNull(h, "h");
            Objects.requireNonNull(condition, "condition");
        }

        @Override
        public Element toElement() {
            Element.Builder b = Element.builder("failed", NAMESPACE)
                    .attribute("h", h.isPresent() ? Long.toString(h.getAsLong()) : null);
            condition.ifPresent(c -> b.child(Element.builder(c.elementName(), StanzaError.NAMESPACE).build()));
            return b.build();
        }
    }
}
