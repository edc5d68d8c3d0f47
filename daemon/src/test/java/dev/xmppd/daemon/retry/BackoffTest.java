package dev.xmppd.daemon.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.config.ReconnectSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final int SAMPLES = 500;

    private final Backoff first = Backoff.of(new ReconnectSettings(MIN, MAX));

    @Test
    void startsAtTheFirstStep() {
        assertThat(first.attempt()).isZero();
        assertThat(first.min()).isEqualTo(MIN);
        assertThat(first.max()).isEqualTo(MAX);
    }

    @Test
    void eachDelayIsDrawnFromTheUpperHalfOfAStepThatDoubles() {
        Backoff backoff = first;
        for (int attempt = 0; attempt < 6; attempt++) {
            long ceiling = MIN.toMillis() << attempt;
            assertThat(delays(backoff)).as("attempt %d", attempt)
                    .allSatisfy(d -> assertThat(d.toMillis()).isBetween(ceiling / 2, ceiling));
            backoff = backoff.next();
        }
    }

    @Test
    void jitterSpreadsTheDelaysOverTheirRange() {
        Set<Long> seen = new HashSet<>();
        delays(first.next().next()).forEach(d -> seen.add(d.toMillis()));
        // 2001 possible values from 2 s to 4 s: identical draws would mean no jitter.
        assertThat(seen).hasSizeGreaterThan(SAMPLES / 2);
        assertThat(seen.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(2_500);
        assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(3_500);
    }

    @Test
    void isCappedAtTheMaximumEvenAfterManyAttempts() {
        Backoff late = first;
        for (int i = 0; i < 100; i++) {
            late = late.next();
        }
        assertThat(late.attempt()).isEqualTo(100);
        assertThat(delays(late)).allSatisfy(d -> assertThat(d).isBetween(MAX.dividedBy(2), MAX));
        assertThat(late.slowDelay()).isEqualTo(MAX);
    }

    @Test
    void resetStartsAgainFromTheMinimum() {
        Backoff reset = first.next().next().next().next().reset();
        assertThat(reset).isEqualTo(first);
        assertThat(delays(reset)).allSatisfy(d -> assertThat(d).isBetween(MIN.dividedBy(2), MIN));
    }

    @Test
    void aVerySmallMinimumStillWaits() {
        Backoff tiny = Backoff.of(new ReconnectSettings(Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThat(delays(tiny)).allSatisfy(d -> assertThat(d).isPositive());
    }

    private static java.util.List<Duration> delays(Backoff backoff) {
        return IntStream.range(0, SAMPLES).mapToObj(i -> backoff.delay()).toList();
    }
}
