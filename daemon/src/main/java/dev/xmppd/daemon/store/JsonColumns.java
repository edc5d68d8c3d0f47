package dev.xmppd.daemon.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lists kept as JSON text in one column (roster groups, disco identities and features). */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonColumns() {
    }

    static String strings(List<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> strings(String json) {
        try {
            return List.copyOf(MAPPER.readValue(json, new TypeReference<List<String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }

    static String identities(List<DiscoIdentity> identities) {
        ArrayNode array = MAPPER.createArrayNode();
        for (DiscoIdentity id : identities) {
            ObjectNode node = array.addObject().put("category", id.category()).put("type", id.type());
            id.name().ifPresent(n -> node.put("name", n));
        }
        return array.toString();
    }

    static List<DiscoIdentity> identities(String json) {
        try {
            List<DiscoIdentity> out = new ArrayList<>();
            for (JsonNode node : MAPPER.readTree(json)) {
                out.add(new DiscoIdentity(node.path("category").asText(), node.path("type").asText(),
                        Optional.ofNullable(node.get("name")).map(JsonNode::asText)));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
