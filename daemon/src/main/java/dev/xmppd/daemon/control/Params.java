package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.protocol.jid.InvalidJidException;
import dev.xmppd.protocol.jid.Jid;
import java.util.Optional;
import java.util.OptionalInt;

/** The by-name params of a call, read with types; every mistake is a -32602 naming the param. */
public final class Params {
    private final ObjectNode node;

    public Params(ObjectNode node) {
        this.node = node;
    }

    public static Params empty() {
        return new Params(JsonNodeFactory.instance.objectNode());
    }

    public String string(String name) {
        return optionalString(name).orElseThrow(() -> ControlError.invalidParams("missing param '" + name + "'"));
    }

    public Optional<String> optionalString(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ControlError.invalidParams("param '" + name + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    public boolean bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ControlError.invalidParams("param '" + name + "' must be true or false");
        }
        return value.asBoolean();
    }

    public OptionalInt optionalPort(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > 65535) {
            throw ControlError.invalidParams("param '" + name + "' must be a port number 1..65535");
        }
        return OptionalInt.of(value.asInt());
    }

    /** An integer param, when given. */
    public OptionalInt optionalInt(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ControlError.invalidParams("param '" + name + "' must be an integer");
        }
        return OptionalInt.of(value.asInt());
    }

    /** A JID with a localpart and no resource, normalised, e.g. an account. */
    public String bareJid(String name) {
        Jid jid = jid(name);
        if (jid.local().isEmpty() || !jid.isBare()) {
            throw ControlError.invalidParams("param '" + name + "' must be a bare JID like alice@example.org, not '"
                    + string(name) + "'");
        }
        return jid.toString();
    }

    /** Any valid JID (a contact may be a domain or a full JID), normalised. */
    public Jid jid(String name) {
        String text = string(name);
        try {
            return Jid.parse(text);
        } catch (InvalidJidException e) {
            throw ControlError.invalidParams("param '" + name + "': " + e.getMessage());
        }
    }
}
