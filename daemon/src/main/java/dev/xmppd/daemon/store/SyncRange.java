package dev.xmppd.daemon.store;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A range of an archive still to fetch (a row of the sync ledger).
 *
 * @param backward  false: the items after {@code afterId} (from the start, or from {@code since}, when empty) up to
 *                  the newest; true: up to {@code remaining} items before {@code beforeId} (the newest when empty)
 */
public record SyncRange(long id, String archive, boolean backward, Optional<String> afterId, Optional<String> beforeId,
                        Optional<Instant> since, OptionalInt remaining) {
}
