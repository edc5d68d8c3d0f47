package dev.xmppd.daemon.sm;

import dev.xmppd.protocol.ext.sm.SmCounter;
import java.util.TreeSet;

/**
 * The inbound half of XEP-0198 §4: every stanza received on a stream-managed session gets a sequence number,
 * and the session's {@code h} advances only over stanzas handled without a gap, because {@code h} acknowledges
 * every stanza up to it. A stanza counts as handled once it has been processed and, where it is stored, committed;
 * the archive may finish stanzas out of order.
 *
 * <p>Numbers are absolute and never restart while the daemon knows the account (a new session starts at the
 * current count, its {@code base}), so a late report for a stanza of a dead session can never be taken for one of
 * the new session. On the wire {@code h} is {@code handled - base} modulo 2^32 ({@link SmCounter}).
 */
final class InboundCounter {

    private long base;
    private long received;
    private long handled;
    /** The highest number given out: after a resumption {@code received} restarts below it. */
    private long issued;
    /** Handled ahead of a gap: numbers above {@code handled + 1}. */
    private final TreeSet<Long> early = new TreeSet<>();

    private InboundCounter(long base, long handled) {
        this.base = base;
        this.received = handled;
        this.handled = handled;
        this.issued = handled;
    }

    /** A counter for a session that starts after {@code previous} stanzas were numbered (0 for the first). */
    static InboundCounter startingAt(long previous) {
        return new InboundCounter(previous, previous);
    }

    /** A counter restored from the store: the session began at {@code base} and {@code handled} were handled. */
    static InboundCounter restored(long base, long handled) {
        if (handled < base) {
            throw new IllegalArgumentException("handled " + handled + " before the session base " + base);
        }
        return new InboundCounter(base, handled);
    }

    /** The sequence number of a stanza just received. */
    long received() {
        issued = Math.max(issued, ++received);
        return received;
    }

    /**
     * Reports a stanza processed; returns true when {@code h} moved. Numbers already covered, from another
     * session, or never given out are ignored.
     */
    boolean handled(long seq) {
        if (seq <= handled || seq > received) {
            return false;
        }
        if (seq != handled + 1) {
            early.add(seq);
            return false;
        }
        handled = seq;
        while (!early.isEmpty() && early.first() == handled + 1) {
            handled = early.pollFirst();
        }
        return true;
    }

    /** A new session (XEP-0198 {@code <enabled/>}): {@code h} starts from 0 after what was received so far. */
    void restart() {
        base = issued;
        received = issued;
        handled = issued;
        early.clear();
    }

    /**
     * After {@code <resumed/>}: the server resends everything after the h our {@code <resume/>} sent
     * ({@code acknowledged}, absolute), so from there on stanzas are numbered again, also those handled since we
     * sent it: their copies count as handled already (a late report for the first copy is for the same stanza).
     * Numbering on from what was handled instead counted those stanzas twice, and h then acknowledged as many
     * stanzas we never received.
     */
    void resumed(long acknowledged) {
        if (acknowledged < base || acknowledged > handled) {
            throw new IllegalArgumentException("resumed at " + acknowledged + ", outside " + base + ".." + handled);
        }
        received = acknowledged;
        early.clear();
    }

    /** {@code h} as sent in {@code <a/>} and {@code <resume/>}. */
    long h() {
        return SmCounter.add(0, handled - base);
    }

    long base() {
        return base;
    }

    long handledCount() {
        return handled;
    }

    /** Every number given out so far is at most this: a new session numbers after it. */
    long receivedCount() {
        return issued;
    }
}
