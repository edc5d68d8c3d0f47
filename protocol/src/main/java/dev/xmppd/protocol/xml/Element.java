package dev.xmppd.protocol.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable XML element: local name, namespace URI (never null; "" for none), attributes in document
 * order, and children.
 *
 * <p>Attribute keys: an attribute without a namespace is keyed by its local name ({@code to}, {@code id});
 * an attribute in the XML namespace keeps the {@code xml:} prefix ({@code xml:lang}); an attribute in any
 * other namespace is keyed in Clark notation, {@code {namespace}local} (for example
 * {@code {urn:example:ns}flag}), because its prefix is arbitrary and only the namespace carries meaning.
 * {@link StreamReader} produces these keys and {@link XmlWriter} accepts them (declaring a prefix for each
 * Clark-notation namespace). Namespace declarations ({@code xmlns}, {@code xmlns:p}) are not attributes:
 * the writer derives them from the namespaces of the tree.
 *
 * <p>Adjacent character data is one {@link Text} child; the reader never produces empty text.
 */
public record Element(String name, String namespace, Map<String, String> attributes, List<Node> children)
        implements Node {

    public Element {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        attributes = Attributes.copyOf(attributes);
        children = List.copyOf(children);
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** The first child element with this name and namespace. */
    public Optional<Element> child(String childName, String childNamespace) {
        for (Node node : children) {
            if (node instanceof Element e && e.name.equals(childName) && e.namespace.equals(childNamespace)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first child element in this namespace, whatever its name (an IQ payload, a stanza error). */
    public Optional<Element> childIn(String childNamespace) {
        for (Node node : children) {
            if (node instanceof Element e && e.namespace.equals(childNamespace)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public List<Element> children(String childName, String childNamespace) {
        List<Element> found = new ArrayList<>();
        for (Node node : children) {
            if (node instanceof Element e && e.name.equals(childName) && e.namespace.equals(childNamespace)) {
                found.add(e);
            }
        }
        return found;
    }

    public List<Element> elements() {
        List<Element> found = new ArrayList<>();
        for (Node node : children) {
            if (node instanceof Element e) {
                found.add(e);
            }
        }
        return found;
    }

    /** The concatenated character data directly inside this element. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Node node : children) {
            if (node instanceof Text t) {
                sb.append(t.value());
            }
        }
        return sb.toString();
    }

    /** The text of the first child element with this name and namespace. */
    public Optional<String> childText(String childName, String childNamespace) {
        return child(childName, childNamespace).map(Element::text);
    }

    public boolean is(String expectedName, String expectedNamespace) {
        return name.equals(expectedName) && namespace.equals(expectedNamespace);
    }

    /** A copy with one attribute set (or removed when {@code value} is null). */
    public Element withAttribute(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Element(name, namespace, copy, children);
    }

    /** A copy with one more child at the end. */
    public Element withChild(Node child) {
        List<Node> copy = new ArrayList<>(children);
        copy.add(child);
        return new Element(name, namespace, attributes, copy);
    }

    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Node> children = new ArrayList<>();

        private Builder(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        /** Sets an attribute; a null value is skipped so optional attributes read naturally. */
        public Builder attribute(String key, String value) {
            if (value != null) {
                attributes.put(key, value);
            }
            return this;
        }

        public Builder child(Node child) {
            children.add(child);
            return this;
        }

        public Builder children(List<? extends Node> nodes) {
            children.addAll(nodes);
            return this;
        }

        public Builder text(String value) {
            if (value != null && !value.isEmpty()) {
                children.add(new Text(value));
            }
            return this;
        }

        /** Adds {@code <childName>text</childName>} in the same namespace as this element. */
        public Builder textChild(String childName, String value) {
            if (value != null) {
                children.add(Element.builder(childName, namespace).text(value).build());
            }
            return this;
        }

        public Element build() {
            return new Element(name, namespace, attributes, children);
        }
    }
}
