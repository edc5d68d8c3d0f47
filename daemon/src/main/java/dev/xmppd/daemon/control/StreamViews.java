package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.sm.SmStatus;
import dev.xmppd.protocol.ext.csi.ClientState;
import java.util.Locale;
import java.util.Optional;

/** The JSON of stream management and client state in {@code status}: {@code "sm":{...}, "csi":"inactive"}. */
final class StreamViews {

    private StreamViews() {
    }

    static ObjectNode sm(SmStatus sm) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode();
        node.put("id", sm.id().orElse(null));
        node.put("resumable", sm.resumable());
        node.put("inbound", sm.inbound());
        node.put("outbound", sm.outbound());
        node.put("unacked", sm.unacked());
        node.put("resumptions", sm.resumptions());
        return node;
    }

    static String clientState(ClientState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static Optional<ClientState> parseClientState(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "active" -> Optional.of(ClientState.ACTIVE);
            case "inactive" -> Optional.of(ClientState.INACTIVE);
            default -> Optional.empty();
        };
    }
}
