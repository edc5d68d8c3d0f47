package dev.xmppd.daemon.sm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Dead-connection detection for an online stream. A stalled path (a dead Wi-Fi, a NAT that forgot us) closes
 * nothing: it only goes quiet. So: after {@code probeAfter} without a byte from the server we ask it (an
 * {@code <r/>}, or an XEP-0199 ping without stream management); nothing heard within {@code probeTimeout} after
 * that means the connection is dead. Anything heard counts, not only the answer: a server busy with what we sent
 * before the probe may answer late, but it still talks. Pure: the caller passes the time.
 */
final class Liveness {

    enum Verdict { FINE, PROBE, DEAD }

    private final Duration probeAfter;
    private final Duration probeTimeout;
    private Instant lastHeard;
    private Optional<Instant> probed = Optional.empty();

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

    void probed(Instant now) {
        probed = Optional.of(now);
    }

    Verdict check(Instant now) {
        if (probed.filter(at -> !now.isBefore(at.plus(probeTimeout))).isPresent()) {
            return Verdict.DEAD;
        }
        if (probed.isEmpty() && !now.isBefore(lastHeard.plus(probeAfter))) {
            return Verdict.PROBE;
        }
        return Verdict.FINE;
    }

    /** How long the server has been silent, for the user. */
    Duration silence(Instant now) {
        return Duration.between(lastHeard, now);
    }
}
