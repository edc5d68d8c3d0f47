package dev.xmppd.testbed;

/** A test server could not be started; the message ends with the server's log. */
public final class ServerStartException extends RuntimeException {

    public ServerStartException(String message, String log) {
        super(message + "\n----- server log -----\n" + log + "\n----- end of server log -----");
    }

    public ServerStartException(String message, String log, Throwable cause) {
        super(message + "\n----- server log -----\n" + log + "\n----- end of server log -----", cause);
    }
}
