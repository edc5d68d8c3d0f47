package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The daemon answered a call with a JSON-RPC error ({@code {"code":N,"message":"..."}}); exit code 1.
 *
 * @param error the error object exactly as the daemon sent it, printed as is in {@code --json} mode
 */
public final class DaemonError extends RuntimeException {
    private final transient ObjectNode error;

    public DaemonError(ObjectNode error) {
        super(error.path("message").asText("the daemon answered with an error without a message"), null, false, false);
        this.error = error.deepCopy();
    }

    public int code() {
        return error.path("code").asInt();
    }

    public ObjectNode error() {
        return error.deepCopy();
    }
}
