package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.store.ArchivedMessage;
import dev.xmppd.daemon.store.StoredMessage;
import java.util.List;

/**
 * Archived messages as the control API shows them (DESIGN.md: {@code {id, originId, archive, from, to, direction,
 * type, body, timestamp}}), and the XML export's wrapping of the raw stanzas.
 */
final class MessageViews {
    /** The namespace of the XML export's wrapper elements. */
    static final String EXPORT_NAMESPACE = "urn:xmppd:archive:0";

    private MessageViews() {
    }

    static ObjectNode message(ArchivedMessage m) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode();
        node.put("id", m.stanzaId().orElse(null));
        node.put("originId", m.originId().orElse(null));
        node.put("archive", m.archive());
        node.put("from", m.from());
        node.put("to", m.to());
        node.put("direction", m.direction().value());
        node.put("type", m.type());
        node.put("body", m.body().orElse(null));
        node.put("timestamp", m.timestamp().toString());
        node.put("peer", m.peer());
        m.thread().ifPresent(t -> node.put("thread", t));
        if (!m.hasBody()) {
            node.put("raw", m.rawXml());
        }
        return node;
    }

    static ObjectNode messages(List<StoredMessage> rows) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode();
        ArrayNode array = node.putArray("messages");
        rows.forEach(r -> array.add(message(r.message()).put("account", r.account())));
        return node;
    }

    /** One JSON object per line (JSON Lines), each ending with a newline. */
    static String jsonLines(List<StoredMessage> rows) {
        StringBuilder out = new StringBuilder();
        rows.forEach(r -> out.append(message(r.message()).toString()).append('\n'));
        return out.toString();
    }

    static String xmlHeader(String account) {
        return "<?xml version='1.0' encoding='UTF-8'?>\n<archive xmlns='" + EXPORT_NAMESPACE + "' account='"
                + attribute(account) + "'>\n";
    }

    static String xmlFooter() {
        return "</archive>\n";
    }

    /** Each raw stanza inside an {@code <item/>} that carries what the stanza alone does not say. */
    static String xmlItems(List<StoredMessage> rows) {
        StringBuilder out = new StringBuilder();
        for (StoredMessage row : rows) {
            ArchivedMessage m = row.message();
            out.append("<item archive='").append(attribute(m.archive())).append('\'');
            m.stanzaId().ifPresent(id -> out.append(" id='").append(attribute(id)).append('\''));
            out.append(" timestamp='").append(m.timestamp()).append("' direction='").append(m.direction().value())
                    .append("'>").append(m.rawXml()).append("</item>\n");
        }
        return out.toString();
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
