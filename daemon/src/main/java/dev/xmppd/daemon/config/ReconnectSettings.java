package dev.xmppd.daemon.config;

import java.time.Duration;

/**
 * {@code xmppd.reconnect}: exponential backoff with jitter between these bounds after a network failure, and how
 * many logins run at once across all accounts ({@code parallel-logins}; the others wait their turn).
 */
public record ReconnectSettings(Duration minBackoff, Duration maxBackoff, int parallelLogins) {

    /** Parallel logins when the config does not say. */
    public static final int DEFAULT_PARALLEL_LOGINS = 32;

    public ReconnectSettings(Duration minBackoff, Duration maxBackoff) {
        this(minBackoff, maxBackoff, DEFAULT_PARALLEL_LOGINS);
    }
}
