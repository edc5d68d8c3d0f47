package dev.xmppd.ctl;

/**
 * A command that did not succeed, with the exit code and the one line xmppctl prints on stderr (after
 * {@code "xmppctl: "}). An answer for the user, not a bug, so it carries no stack trace.
 */
public final class CommandFailure extends RuntimeException {
    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
