package dev.xmppd.testbed;

/**
 * The tail of a server's log, attached as a suppressed exception to a failing test's exception so
 * it shows up in the test report next to the failure.
 */
public final class ServerLog extends RuntimeException {

    private static final int TAIL_LINES = 300;

    ServerLog(XmppServer server) {
        super(server.name() + " log (last " + TAIL_LINES + " lines, full log in " + server.directory()
                + " while the class runs):\n" + tail(server.log()), null, false, false);
    }

    private static String tail(String log) {
        var lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
}
