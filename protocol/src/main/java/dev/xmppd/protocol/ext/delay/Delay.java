package dev.xmppd.protocol.ext.delay;

import dev.xmppd.protocol.xml.Element;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Delayed delivery (XEP-0203): when a stanza was originally sent, as {@code <delay stamp='...'/>}. The stamp
 * is an XEP-0082 DateTime; parsing accepts fractional seconds and any UTC offset.
 */
public record Delay(Instant stamp, Optional<String> from, Optional<String> reason) {

    public static final String NAMESPACE = "urn:xmpp:delay";

    public Delay {
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
    }

    public static Delay of(Instant stamp) {
        return new Delay(stamp, Optional.empty(), Optional.empty());
    }

    /** Parses a {@code <delay/>} element; empty when it is not one or its stamp is invalid. */
    public static Optional<Delay> parse(Element delay) {
        if (!delay.is("delay", NAMESPACE)) {
            return Optional.empty();
        }
        return delay.attribute("stamp").flatMap(Delay::parseStamp)
                .map(stamp -> new Delay(stamp, delay.attribute("from"), Optional.of(delay.text()).filter(s -> !s.isBlank())));
    }

    /** The first valid {@code <delay/>} child of a stanza or forwarded element. */
    public static Optional<Delay> in(Element parent) {
        return parent.children("delay", NAMESPACE).stream().map(Delay::parse).flatMap(Optional::stream).findFirst();
    }

    /** An XEP-0082 DateTime ({@code 2019-09-17T12:56:17Z}, {@code 2019-09-17T14:56:17.123+02:00}); empty if invalid. */
    public static Optional<Instant> parseStamp(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public Element toElement() {
        return Element.builder("delay", NAMESPACE)
                .attribute("from", from.orElse(null))
                .attribute("stamp", DateTimeFormatter.ISO_INSTANT.format(stamp))
                .text(reason.orElse(null))
                .build();
    }
}
