package dev.xmppd.protocol.ext.disco;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The items an entity lists (XEP-0030 disco#items): services of a server, rooms of a MUC service. */
public record DiscoItems(Optional<String> node, List<Item> items) {

    public static final String NAMESPACE = "http://jabber.org/protocol/disco#items";

    public record Item(Jid jid, Optional<String> name, Optional<String> node) {
        public Item {
            Objects.requireNonNull(jid, "jid");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(node, "node");
        }
    }

    public DiscoItems {
        Objects.requireNonNull(node, "node");
        items = List.copyOf(items);
    }

    public static Element request() {
        return Element.builder("query", NAMESPACE).build();
    }

    public static Element request(String node) {
        return Element.builder("query", NAMESPACE).attribute("node", node).build();
    }

    /** Parses a disco#items query; items without a valid JID are skipped. Empty when it is not one. */
    public static Optional<DiscoItems> parse(Element query) {
        if (!query.is("query", NAMESPACE)) {
            return Optional.empty();
        }
        List<Item> items = new ArrayList<>();
        for (Element item : query.children("item", NAMESPACE)) {
            item.attribute("jid").flatMap(Jid::tryParse)
                    .ifPresent(jid -> items.add(new Item(jid, item.attribute("name"), item.attribute("node"))));
        }
        return Optional.of(new DiscoItems(query.attribute("node"), items));
    }

    public Element toElement() {
        Element.Builder b = Element.builder("query", NAMESPACE).attribute("node", node.orElse(null));
        for (Item i : items) {
            b.child(Element.builder("item", NAMESPACE)
                    .attribute("jid", i.jid().toString())
                    .attribute("name", i.name().orElse(null))
                    .attribute("node", i.node().orElse(null))
                    .build());
        }
        return b.build();
    }
}
