package dev.xmppd.daemon.config;

import java.time.Duration;

/** {@code xmppd.reconnect}: exponential backoff with jitter between these bounds after a network failure. */
public record ReconnectSettings(Duration minBackoff, Duration maxBackoff) {
}
