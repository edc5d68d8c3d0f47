package dev.xmppd.protocol.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serialises {@link Element} trees for the wire. Attribute values are written in single quotes with
 * {@code & < > " '} and tab, line feed and carriage return as references (so the parser's attribute
 * normalisation cannot change them); text escapes {@code & < >} and carriage return. A character XML 1.0
 * cannot carry throws {@link InvalidXmlCharacterException}.
 *
 * <p>Namespaces: an element gets {@code xmlns='...'} only where its namespace differs from the default
 * namespace in scope (its parent's, or the stream's content namespace for a top-level element). Inside a
 * stream, a top-level element in {@code http://etherx.jabber.org/streams} is written with the header's
 * {@code stream:} prefix ({@code <stream:features>}). Attributes keyed {@code {ns}local} get a generated
 * prefix declared on the element that first needs it (see {@link Element} for the key convention).
 */
public final class XmlWriter {

    private static final String STREAM_PREFIX = "stream";

    private XmlWriter() {
    }

    /** The element alone, with its namespace declared on the root. */
    public static String write(Element element) {
        return write(element, "");
    }

    /** The element as a child of a stream whose content namespace is {@code contextNamespace}. */
    public static String write(Element element, String contextNamespace) {
        StringBuilder out = new StringBuilder(128);
        write(element, contextNamespace, out);
        return out.toString();
    }

    /** Appends the element, as a child of a stream whose content namespace is {@code contextNamespace}. */
    public static void write(Element element, String contextNamespace, StringBuilder out) {
        boolean inStream = !contextNamespace.isEmpty();
        new Serialiser(out).element(element, contextNamespace, inStream);
    }

    /**
     * {@code <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='...' ...>} with the
     * given attributes (to, from, version, xml:lang, id) in the map's order.
     */
    public static String streamHeader(Map<String, String> attributes, String contentNamespace) {
        StringBuilder out = new StringBuilder(256);
        out.append("<?xml version='1.0'?><stream:stream xmlns='");
        appendEscaped(out, contentNamespace, true);
        out.append("' xmlns:stream='").append(StreamReader.STREAMS_NAMESPACE).append('\'');
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            requirePlainKey(attribute.getKey());
            out.append(' ').append(attribute.getKey()).append("='");
            appendEscaped(out, attribute.getValue(), true);
            out.append('\'');
        }
        return out.append('>').toString();
    }

    public static String streamClose() {
        return "</stream:stream>";
    }

    /** Writes one tree; remembers the prefixes declared for namespaced attributes on the current path. */
    private static final class Serialiser {
        private final StringBuilder out;
        private List<String> prefixedNamespaces;

        Serialiser(StringBuilder out) {
            this.out = out;
        }

        void element(Element element, String defaultNamespace, boolean streamPrefixed) {
            String namespace = element.namespace();
            boolean usePrefix = streamPrefixed && StreamReader.STREAMS_NAMESPACE.equals(namespace);
            String qualifiedName = usePrefix ? STREAM_PREFIX + ":" + element.name() : element.name();
            out.append('<').append(qualifiedName);
            String childDefault = defaultNamespace;
            if (!usePrefix && !namespace.equals(defaultNamespace)) {
                out.append(" xmlns='");
                appendEscaped(out, namespace, true);
                out.append('\'');
                childDefault = namespace;
            }
            int declaredBefore = prefixedNamespaces == null ? 0 : prefixedNamespaces.size();
            for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
                String attributeName = attributeName(attribute.getKey());
                out.append(' ').append(attributeName).append("='");
                appendEscaped(out, attribute.getValue(), true);
                out.append('\'');
            }
            List<Node> children = element.children();
            if (children.isEmpty()) {
                out.append("/>");
            } else {
                out.append('>');
                for (Node child : children) {
                    switch (child) {
                        case Element e -> element(e, childDefault, false);
                        case Text t -> appendEscaped(out, t.value(), false);
                    }
                }
                out.append("</").append(qualifiedName).append('>');
            }
            if (prefixedNamespaces != null) {
                prefixedNamespaces.subList(declaredBefore, prefixedNamespaces.size()).clear();
            }
        }

        /** The written name of an attribute key, declaring a prefix for a {@code {ns}local} key on first use. */
        private String attributeName(String key) {
            if (key.isEmpty() || key.charAt(0) != '{') {
                requirePlainKey(key);
                return key;
            }
            int close = key.indexOf('}');
            if (close < 2 || close == key.length() - 1) {
                throw new IllegalArgumentException("attribute key '" + key + "' is not {namespace}local");
            }
            String namespace = key.substring(1, close);
            if (prefixedNamespaces == null) {
                prefixedNamespaces = new ArrayList<>(2);
            }
            int index = prefixedNamespaces.indexOf(namespace);
            if (index < 0) {
                index = prefixedNamespaces.size();
                prefixedNamespaces.add(namespace);
                out.append(" xmlns:ns").append(index).append("='");
                appendEscaped(out, namespace, true);
                out.append('\'');
            }
            return "ns" + index + ":" + key.substring(close + 1);
        }
    }

    private static void requirePlainKey(String key) {
        int colon = key.indexOf(':');
        if (key.isEmpty() || colon >= 0 && !key.startsWith("xml:")) {
            throw new IllegalArgumentException("attribute key '" + key
                    + "': use a local name, xml:lang, or {namespace}local for a namespaced attribute");
        }
    }

    /** Appends {@code value} escaped for an attribute value in single quotes, or for character data. */
    static void appendEscaped(StringBuilder out, String value, boolean attribute) {
        int length = value.length();
        int runStart = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            String replacement;
            if (c >= 0x3f && c < 0xd800) {
                // Fast path: '?' and above up to the surrogates needs no escaping (covers letters and CJK).
                continue;
            }
            switch (c) {
                case '&' -> replacement = "&amp;";
                case '<' -> replacement = "&lt;";
                case '>' -> replacement = "&gt;";
                case '\r' -> replacement = "&#xD;";
                case '\'' -> replacement = attribute ? "&apos;" : null;
                case '"' -> replacement = attribute ? "&quot;" : null;
                case '\t' -> replacement = attribute ? "&#x9;" : null;
                case '\n' -> replacement = attribute ? "&#xA;" : null;
                default -> {
                    checkAllowed(value, i, c);
                    if (Character.isHighSurrogate(c)) {
                        i++;
                    }
                    replacement = null;
                }
            }
            if (replacement != null) {
                out.append(value, runStart, i).append(replacement);
                runStart = i + 1;
            }
        }
        out.append(value, runStart, length);
    }

    private static void checkAllowed(String value, int i, char c) {
        if (c < 0x20 || c == 0xfffe || c == 0xffff) {
            throw new InvalidXmlCharacterException(c, i);
        }
        if (Character.isHighSurrogate(c)) {
            if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                throw new InvalidXmlCharacterException(c, i);
            }
        } else if (Character.isLowSurrogate(c)) {
            throw new InvalidXmlCharacterException(c, i);
        }
    }
}
