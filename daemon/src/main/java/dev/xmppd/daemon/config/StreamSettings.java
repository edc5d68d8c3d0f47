package dev.xmppd.daemon.config;

import dev.xmppd.protocol.ext.csi.ClientState;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code xmppd.stream}: the stream once an account is online (see conf/xmppd.conf).
 *
 * @param ackEvery           XEP-0198: ask the server for an ack after this many stanzas sent...
 * @param ackDelay           ...or this long after the last one
 * @param probeAfter         no byte from the server this long: ask it ({@code <r/>}, or an XEP-0199 ping)
 * @param probeTimeout       no answer this long after asking: the connection is dead, resume on a new one
 * @param resumeAfterRestart keep the server's session when xmppd stops, so the next start resumes it
 * @param clientState        XEP-0352 state announced after login
 */
public record StreamSettings(int ackEvery, Duration ackDelay, Duration probeAfter, Duration probeTimeout,
                             boolean resumeAfterRestart, ClientState clientState) {

    public static final StreamSettings DEFAULTS = new StreamSettings(20, Duration.ofMillis(200), Duration.ofSeconds(60),
            Duration.ofSeconds(20), false, ClientState.INACTIVE);

    public StreamSettings {
        Objects.requireNonNull(ackDelay, "ackDelay");
        Objects.requireNonNull(probeAfter, "probeAfter");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(clientState, "clientState");
        if (ackEvery < 1) {
            throw new IllegalArgumentException("ackEvery must be positive");
        }
    }

    public StreamSettings withProbe(Duration after, Duration timeout) {
        return new StreamSettings(ackEvery, ackDelay, after, timeout, resumeAfterRestart, clientState);
    }

    public StreamSettings withResumeAfterRestart(boolean keep) {
        return new StreamSettings(ackEvery, ackDelay, probeAfter, probeTimeout, keep, clientState);
    }

    public StreamSettings withClientState(ClientState state) {
        return new StreamSettings(ackEvery, ackDelay, probeAfter, probeTimeout, resumeAfterRestart, state);
    }
}
