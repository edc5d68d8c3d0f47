package dev.xmppd.daemon.retry;

import dev.xmppd.daemon.config.ReconnectSettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays (reconnecting an account, storing again after a failed write): exponential from {@code min} up to
 * {@code max}, with jitter so that accounts on a server that restarts do not all come back in the same millisecond. The delay is drawn uniformly from
 * the upper half of the current step. Reset after a session that stayed online for {@link #STABLE}.
 */
public record Backoff(Duration min, Duration max, int attempt) {

    /** A session online this long counts as healthy: the next failure starts again from {@code min}. */
    public static final Duration STABLE = Duration.ofSeconds(60);

    public static Backoff of(ReconnectSettings settings) {
        return new Backoff(settings.minBackoff(), settings.maxBackoff(), 0);
    }

    /** The wait before the next attempt. */
    public Duration delay() {
        long ceiling = Math.min(max.toMillis(), min.toMillis() << Math.min(attempt, 30));
        long floor = Math.max(1, ceiling / 2);
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }

    /** The longest wait, for failures a quick retry will not fix (a bad certificate, no STARTTLS). */
    public Duration slowDelay() {
        return max;
    }

    public Backoff next() {
        return new Backoff(min, max, attempt + 1);
    }

    public Backoff reset() {
        return new Backoff(min, max, 0);
    }
}
