package dev.xmppd.protocol.xml;

import java.util.Map;
import java.util.Objects;

/** What a {@link StreamReader} produces from the bytes of one stream (RFC 6120 §4). */
public sealed interface StreamEvent {

    /**
     * The stream header was read. {@code attributes} holds the header's attributes (from, to, id, version,
     * xml:lang); {@code defaultNamespace} is the content namespace ({@code jabber:client}).
     */
    record StreamOpened(Map<String, String> attributes, String defaultNamespace) implements StreamEvent {
        public StreamOpened {
            attributes = Map.copyOf(attributes);
            Objects.requireNonNull(defaultNamespace, "defaultNamespace");
        }

        public String attribute(String key) {
            return attributes.getOrDefault(key, "");
        }
    }

    /** One complete top-level element (a stanza, a nonza, stream features or a stream error). */
    record ElementReceived(Element element) implements StreamEvent {
    }

    /** The peer closed the stream with {@code </stream:stream>}. */
    enum StreamClosed implements StreamEvent {
        INSTANCE
    }

    /**
     * The input broke the rules; the reader is now dead. {@code condition} is the stream error to send,
     * {@code detail} a human explanation for logs (never containing the offending payload in full).
     */
    record StreamFailed(StreamErrorCondition condition, String detail) implements StreamEvent {
    }
}
