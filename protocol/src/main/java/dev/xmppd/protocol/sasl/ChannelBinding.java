package dev.xmppd.protocol.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * Channel-binding data from the TLS layer for a SCRAM -PLUS mechanism (RFC 5929, RFC 9266): the type name
 * and the bytes (the exporter output, the server certificate hash, or the Finished message).
 */
public record ChannelBinding(String type, byte[] data) {

    public static final String TLS_EXPORTER = "tls-exporter";
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";
    public static final String TLS_UNIQUE = "tls-unique";

    public ChannelBinding {
        Objects.requireNonNull(type, "type");
        data = Objects.requireNonNull(data, "data").clone();
        if (type.isEmpty() || data.length == 0) {
            throw new IllegalArgumentException("channel binding needs a type and data");
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelBinding other && type.equals(other.type) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ChannelBinding[" + type + ", " + data.length + " bytes]";
    }
}
