package dev.xmppd.daemon.sm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Dead-connection detection for an online stream. A stalled path (a dead Wi-Fi, a NAT that forgot us) closes
 * nothing: it only goes quiet. So: after {@code probeAfter} without a byte from the server we ask it (an
 * {@code <r/>}, or an XEP-0199 ping without stream management); no answer within {@code probeTimeout} means the
 * connection is dead. An {@code <r/>} left unanswered that long means the same even while the server talks,
 * because then our direction is the one that is stuck. Pure: the caller passes the time.
 */
final class Liveness {

    enum Verdict { FINE, PROBE, DEAD }

    private final Duration probeAfter;
    private final Duration probeTimeout;
    private Instant lastHeard;
    private Optional<Instant> probed = Optional.empty();
    private Optional<Instant> oldestRequest = Optional.empty();
    private int unanswered;

    Liveness(Duration probeAfter, Duration probeTimeout, Instant now) {
        this.probeAfter = probeAfter;
        this.probeTimeout = probeTimeout;
        this.lastHeard = now;
    }

    /** Something came from the server. */
    void heard(Instant now) {
        lastHeard = now;
        probed = Optional.empty();
    }

    /** We sent an {@code <r/>}. */
    void requested(Instant now) {
        if (unanswered++ == 0) {
            oldestRequest = Optional.of(now);
        }
    }

    /** An {@code <a/>} came: it answers the oldest request; the next oldest is timed from now. */
    void answered(Instant now) {
        unanswered = Math.max(0, unanswered - 1);
        oldestRequest = unanswered == 0 ? Optional.empty() : Optional.of(now);
    }

    void probed(Instant now) {
        probed = Optional.of(now);
    }

    Verdict check(Instant now) {
        if (probed.filter(at -> !now.isBefore(at.plus(probeTimeout))).isPresent()
                || oldestRequest.filter(at -> !now.isBefore(at.plus(probeTimeout))).isPresent()) {
            return Verdict.DEAD;
        }
        if (probed.isEmpty() && !now.isBefore(lastHeard.plus(probeAfter))) {
            return Verdict.PROBE;
        }
        return Verdict.FINE;
    }

    /** How long without an answer made it dead, for the user. */
    Duration silence(Instant now) {
        return Duration.between(lastHeard, now);
    }
}
