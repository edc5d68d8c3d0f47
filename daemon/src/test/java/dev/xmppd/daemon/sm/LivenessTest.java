package dev.xmppd.daemon.sm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Silence, then a probe, then silence again: dead. Anything heard in between keeps the connection. */
class LivenessTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Liveness liveness = new Liveness(Duration.ofSeconds(60), Duration.ofSeconds(20), T0);

    @Test
    void aQuietServerIsAskedAfterProbeAfterAndDeadAfterProbeTimeoutMore() {
        assertThat(liveness.check(T0.plusSeconds(59))).isEqualTo(Liveness.Verdict.FINE);
        assertThat(liveness.check(T0.plusSeconds(60))).isEqualTo(Liveness.Verdict.PROBE);

        liveness.probed(T0.plusSeconds(60));
        assertThat(liveness.check(T0.plusSeconds(79))).isEqualTo(Liveness.Verdict.FINE);
        assertThat(liveness.check(T0.plusSeconds(80))).isEqualTo(Liveness.Verdict.DEAD);
        assertThat(liveness.silence(T0.plusSeconds(80))).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void anythingHeardAfterTheProbeKeepsTheConnectionAndStartsTheClockAgain() {
        liveness.probed(T0.plusSeconds(60));
        liveness.heard(T0.plusSeconds(70));

        assertThat(liveness.check(T0.plusSeconds(90))).isEqualTo(Liveness.Verdict.FINE);
        assertThat(liveness.check(T0.plusSeconds(130))).isEqualTo(Liveness.Verdict.PROBE);
    }

    @Test
    void trafficKeepsItFromEverProbing() {
        for (int s = 0; s < 600; s += 30) {
            liveness.heard(T0.plusSeconds(s));
            assertThat(liveness.check(T0.plusSeconds(s + 29))).isEqualTo(Liveness.Verdict.FINE);
        }
    }
}
