package dev.xmppd.protocol.sasl2;

import dev.xmppd.protocol.ext.bind2.Bind2;
import dev.xmppd.protocol.ext.fast.Fast;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Optional;

/**
 * The SASL2 stream feature (XEP-0388 §2.1): {@code <authentication xmlns='urn:xmpp:sasl:2'>} with its mechanisms
 * and what may be negotiated inline, in the same round trip as authentication.
 *
 * @param mechanisms      the SASL mechanisms, in the server's order
 * @param bind            Bind2 (XEP-0386) offered inline: the features that may in turn be enabled inside the bind
 *                        request ({@code urn:xmpp:carbons:2}, {@code urn:xmpp:sm:3}, ...)
 * @param streamManagement XEP-0198 resumption offered inline ({@code <sm xmlns='urn:xmpp:sm:3'/>})
 * @param fastMechanisms  the HT mechanisms a FAST token can be used with (XEP-0484 §3.1), empty without FAST
 */
public record Sasl2Offer(List<String> mechanisms, Optional<List<String>> bind, boolean streamManagement,
                         List<String> fastMechanisms) {

    public Sasl2Offer {
        mechanisms = List.copyOf(mechanisms);
        bind = bind.map(List::copyOf);
        fastMechanisms = List.copyOf(fastMechanisms);
    }

    /** The offer in a {@code <stream:features/>}, when the server offers SASL2 there. */
    public static Optional<Sasl2Offer> in(Element features) {
        return features.child("authentication", Sasl2.NAMESPACE).map(Sasl2Offer::parse);
    }

    public static Sasl2Offer parse(Element authentication) {
        List<String> mechanisms = texts(authentication.children("mechanism", Sasl2.NAMESPACE));
        Optional<Element> inline = authentication.child("inline", Sasl2.NAMESPACE);
        Optional<List<String>> bind = inline.flatMap(i -> i.child("bind", Bind2.NAMESPACE))
                .map(b -> b.child("inline", Bind2.NAMESPACE)
                        .map(features -> features.children("feature", Bind2.NAMESPACE).stream()
                                .flatMap(f -> f.attribute("var").stream()).distinct().toList())
                        .orElse(List.of()));
        boolean sm = inline.flatMap(i -> i.child("sm", Sasl2.SM_NAMESPACE)).isPresent();
        List<String> fast = inline.flatMap(i -> i.child("fast", Fast.NAMESPACE))
                .map(f -> texts(f.children("mechanism", Fast.NAMESPACE))).orElse(List.of());
        return new Sasl2Offer(mechanisms, bind, sm, fast);
    }

    /** Whether a feature can be enabled inside the Bind2 request. */
    public boolean bindOffers(String feature) {
        return bind.map(features -> features.contains(feature)).orElse(false);
    }

    private static List<String> texts(List<Element> elements) {
        return elements.stream().map(e -> e.text().strip()).filter(s -> !s.isEmpty()).toList();
    }
}
