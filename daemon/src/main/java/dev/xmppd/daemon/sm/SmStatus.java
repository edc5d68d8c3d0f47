package dev.xmppd.daemon.sm;

import java.util.Objects;
import java.util.Optional;

/**
 * Stream management as {@code status} shows it (XEP-0198).
 *
 * @param id          the session's resumption id, if the server gave one
 * @param resumable   whether a lost connection (or a restart) can resume this session
 * @param inbound     stanzas received and handled on the session (our {@code h})
 * @param outbound    stanzas sent on the session
 * @param unacked     of those, not yet acknowledged by the server
 * @param resumptions how often the session was resumed
 * @param location    where the server asked to be found for a resumption ({@code <enabled location/>}, §3)
 */
public record SmStatus(Optional<String> id, boolean resumable, long inbound, long outbound, int unacked,
                       int resumptions, Optional<String> location) {

    public static final SmStatus NONE = new SmStatus(Optional.empty(), false, 0, 0, 0, 0, Optional.empty());

    public SmStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
    }
}
