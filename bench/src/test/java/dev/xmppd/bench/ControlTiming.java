package dev.xmppd.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/xmppctl status} as a user types it, JVM start included: wall time of each run against a running
 * daemon, one after the other. The first run (which may build xmppctl's class-data sharing archive) is not
 * counted.
 */
final class ControlTiming {

    private ControlTiming() {
    }

    static Logins.Timings status(Path socket, int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            ProcessBuilder builder = new ProcessBuilder(Repository.root().resolve("bin/xmppctl").toString(), "status")
                    .redirectErrorStream(true);
            builder.environment().put("XMPPD_CONTROL_SOCKET", socket.toString());
            long start = System.nanoTime();
            Process xmppctl = builder.start();
            String out = new String(xmppctl.getInputStream().readAllBytes());
            if (!xmppctl.waitFor(60, TimeUnit.SECONDS) || xmppctl.exitValue() != 0) {
                throw new IllegalStateException("xmppctl status failed: " + out);
            }
            long nanos = System.nanoTime() - start;
            if (i > 0) {
                millis.add(nanos / 1e6);
            }
        }
        return new Logins.Timings(millis);
    }
}
