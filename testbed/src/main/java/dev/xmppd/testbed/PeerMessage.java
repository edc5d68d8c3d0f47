package dev.xmppd.testbed;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message as the slixmpp peer saw it: received live, as a carbon copy, or from a MAM query.
 *
 * @param id        the message's {@code id} attribute
 * @param from      the sender's JID as sent by the server
 * @param to        the recipient's JID
 * @param type      {@code chat}, {@code normal}, {@code groupchat}, ...
 * @param body      the body text, empty for body-less messages
 * @param stanzaId  XEP-0359 stanza-id (from the receiver's archive, or the MAM result id), empty if none
 * @param carbon    {@code "received"} or {@code "sent"} for XEP-0280 copies, empty otherwise
 * @param timestamp the XEP-0203 delay stamp of a MAM result, empty otherwise
 */
public record PeerMessage(String id, String from, String to, String type, String body, String stanzaId,
                          String carbon, String timestamp) {

    static PeerMessage of(JsonNode node) {
        return new PeerMessage(text(node, "id"), text(node, "from"), text(node, "to"), text(node, "type"),
                text(node, "body"), text(node, "stanzaId"), text(node, "carbon"), text(node, "timestamp"));
    }

    /** The sender's bare JID. */
    public String fromBare() {
        int slash = from.indexOf('/');
        return slash < 0 ? from : from.substring(0, slash);
    }

    public Optional<String> stanzaIdIfAny() {
        return stanzaId.isEmpty() ? Optional.empty() : Optional.of(stanzaId);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
