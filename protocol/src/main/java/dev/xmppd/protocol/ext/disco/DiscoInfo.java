package dev.xmppd.protocol.ext.disco;

import dev.xmppd.protocol.ext.dataforms.DataForm;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an entity is and supports (XEP-0030 disco#info): identities, feature vars and extended info forms
 * (XEP-0128).
 */
public record DiscoInfo(Optional<String> node, List<Identity> identities, List<String> features,
                        List<DataForm> extensions) {

    public static final String NAMESPACE = "http://jabber.org/protocol/disco#info";

    /** One {@code <identity category type name/>}. */
    public record Identity(String category, String type, Optional<String> name, Optional<String> lang) {
        public Identity {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lang, "lang");
        }
    }

    public DiscoInfo {
        Objects.requireNonNull(node, "node");
        identities = List.copyOf(identities);
        features = List.copyOf(features);
        extensions = List.copyOf(extensions);
    }

    /** The query of a disco#info get: {@code <query xmlns='http://jabber.org/protocol/disco#info'/>}. */
    public static Element request() {
        return Element.builder("query", NAMESPACE).build();
    }

    public static Element request(String node) {
        return Element.builder("query", NAMESPACE).attribute("node", node).build();
    }

    /** Parses a disco#info query; empty when it is not one. Unknown children and incomplete entries are skipped. */
    public static Optional<DiscoInfo> parse(Element query) {
        if (!query.is("query", NAMESPACE)) {
            return Optional.empty();
        }
        List<Identity> identities = query.children("identity", NAMESPACE).stream()
                .filter(i -> i.attribute("category").isPresent() && i.attribute("type").isPresent())
                .map(i -> new Identity(i.attribute("category").orElseThrow(), i.attribute("type").orElseThrow(),
                        i.attribute("name"), i.attribute("xml:lang")))
                .toList();
        List<String> features = query.children("feature", NAMESPACE).stream()
                .map(f -> f.attribute("var"))
                .flatMap(Optional::stream)
                .toList();
        return Optional.of(new DiscoInfo(query.attribute("node"), identities, features, DataForm.in(query)));
    }

    public boolean hasFeature(String var) {
        return features.contains(var);
    }

    public boolean hasIdentity(String category, String type) {
        return identities.stream().anyMatch(i -> i.category().equals(category) && i.type().equals(type));
    }

    /** The extended-info form with this FORM_TYPE (XEP-0128), e.g. {@code http://jabber.org/network/serverinfo}. */
    public Optional<DataForm> extension(String formType) {
        return extensions.stream().filter(f -> f.formType().map(formType::equals).orElse(false)).findFirst();
    }

    public Element toElement() {
        Element.Builder b = Element.builder("query", NAMESPACE).attribute("node", node.orElse(null));
        for (Identity i : identities) {
            b.child(Element.builder("identity", NAMESPACE)
                    .attribute("category", i.category())
                    .attribute("type", i.type())
                    .attribute("name", i.name().orElse(null))
                    .attribute("xml:lang", i.lang().orElse(null))
                    .build());
        }
        features.forEach(f -> b.child(Element.builder("feature", NAMESPACE).attribute("var", f).build()));
        extensions.forEach(x -> b.child(x.toElement()));
        return b.build();
    }
}
