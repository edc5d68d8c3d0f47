package dev.xmppd.daemon.control;

/**
 * A JSON-RPC error for the client: a stable code and a human message that says what to do. Thrown by handlers (or
 * used to complete their futures exceptionally); it has no stack trace because it is an answer, not a bug.
 */
public final class ControlError extends RuntimeException {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    public static final int UNKNOWN_ACCOUNT = 1001;
    public static final int ACCOUNT_EXISTS = 1002;
    public static final int READ_ONLY_ACCOUNT = 1003;
    public static final int NOT_ONLINE = 1004;
    public static final int TIMEOUT = 1005;
    public static final int SERVER_ERROR = 1006;
    public static final int STORAGE_ERROR = 1007;
    /** {@code reload}: the config file is wrong (the message names key, file and line); nothing was changed. */
    public static final int CONFIG_INVALID = 1008;

    private final int code;

    public ControlError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ControlError invalidParams(String message) {
        return new ControlError(INVALID_PARAMS, message);
    }
}
