package dev.xmppd.daemon.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * JSON-RPC 2.0 framing (https://www.jsonrpc.org/specification): parses one request line, writes one response or
 * notification line. By-name params only.
 */
public final class JsonRpc {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRpc() {
    }

    /**
     * A parsed call.
     *
     * @param id absent for a JSON-RPC notification (no response is sent)
     */
    public record Request(Optional<JsonNode> id, String method, Params params) {
    }

    /** A line that is not a request, with the id to answer to when it could be read. */
    public record Invalid(JsonNode id, ControlError error) {
    }

    /** Parses a line into a request, or the error to answer with. */
    public static Object parse(String line) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return new Invalid(NullNode.instance, new ControlError(ControlError.PARSE_ERROR,
                    "parse error: " + e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            return new Invalid(NullNode.instance, new ControlError(ControlError.INVALID_REQUEST,
                    "invalid request: expected a JSON object"));
        }
        JsonNode id = tree.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            return new Invalid(NullNode.instance, new ControlError(ControlError.INVALID_REQUEST,
                    "invalid request: id must be a string or an integer"));
        }
        JsonNode answerId = id == null ? NullNode.instance : id;
        if (!"2.0".equals(tree.path("jsonrpc").asText(null))) {
            return new Invalid(answerId, new ControlError(ControlError.INVALID_REQUEST,
                    "invalid request: \"jsonrpc\" must be \"2.0\""));
        }
        JsonNode method = tree.get("method");
        if (method == null || !method.isTextual()) {
            return new Invalid(answerId, new ControlError(ControlError.INVALID_REQUEST,
                    "invalid request: \"method\" must be a string"));
        }
        JsonNode params = tree.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return new Invalid(answerId, ControlError.invalidParams("params must be an object (by-name params)"));
        }
        Params typed = params == null || params.isNull() ? Params.empty() : new Params((ObjectNode) params);
        return new Request(Optional.ofNullable(id), method.asText(), typed);
    }

    public static String result(JsonNode id, JsonNode result) {
        ObjectNode response = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        return response.toString();
    }

    public static String error(JsonNode id, ControlError error) {
        ObjectNode response = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.putObject("error").put("code", error.code()).put("message", error.getMessage());
        return response.toString();
    }

    public static String notification(String method, JsonNode requestId, ObjectNode params) {
        ObjectNode note = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        ObjectNode p = note.putObject("params");
        p.set("request", requestId);
        p.setAll(params);
        return note.toString();
    }
}
