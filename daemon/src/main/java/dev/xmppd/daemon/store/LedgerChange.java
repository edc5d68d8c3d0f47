package dev.xmppd.daemon.store;

/** A change to the sync ledger, committed in the same transaction as the page it follows. */
public sealed interface LedgerChange {

    /** A forward range has been fetched up to {@code afterId}. */
    record Advance(long rangeId, String afterId) implements LedgerChange {
    }

    /** A backward range has been fetched down to {@code beforeId}, {@code remaining} items are still wanted. */
    record Retreat(long rangeId, String beforeId, int remaining) implements LedgerChange {
    }

    /** The range is complete. */
    record Finish(long rangeId) implements LedgerChange {
    }

    /**
     * The archive no longer knows the range's start (XEP-0313 item-not-found): continue from the time of the newest
     * message held (or from the start of the archive when none is held).
     */
    record Restart(long rangeId) implements LedgerChange {
    }

    /** The newest stanza-id of the archive that we hold. */
    record SetLast(String archive, String stanzaId) implements LedgerChange {
    }
}
