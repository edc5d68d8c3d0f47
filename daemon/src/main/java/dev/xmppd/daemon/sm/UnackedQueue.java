package dev.xmppd.daemon.sm;

import dev.xmppd.protocol.ext.sm.SmCounter;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbound half of XEP-0198 §4: every stanza sent on a stream-managed session, in order, until the server's
 * {@code <a h/>} acknowledges it. Positions are absolute and never restart while the daemon knows the account (a
 * new session starts at the current position, its {@code base}); the server's {@code h} is the count since the
 * base modulo 2^32 ({@link SmCounter}). An {@code h} beyond what was sent is refused, not believed: the caller
 * ends the stream with {@code handled-count-too-high} and keeps the queue.
 */
final class UnackedQueue {

    /** A stanza and its position; positions in the queue are consecutive. */
    record Entry(long position, Element stanza) {
    }

    /** What an {@code h} from the server meant. */
    sealed interface AckResult {
    }

    /** {@code count} more stanzas are acknowledged (0 for a repeated h). */
    record Acked(long count) implements AckResult {
    }

    /** XEP-0198 §4: the server claims more than we sent; {@code sendCount} is what we did send (mod 2^32). */
    record TooHigh(long h, long sendCount) implements AckResult {
    }

    private long base;
    private long acked;
    private long sent;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    private UnackedQueue(long base, long acked) {
        this.base = base;
        this.acked = acked;
        this.sent = acked;
    }

    static UnackedQueue startingAt(long previous) {
        return new UnackedQueue(previous, previous);
    }

    /** A queue restored from the store; {@code unacked} are the stanzas after {@code acked}, in order. */
    static UnackedQueue restored(long base, long acked, List<Element> unacked) {
        UnackedQueue queue = new UnackedQueue(base, acked);
        unacked.forEach(queue::add);
        return queue;
    }

    /** Queues a stanza; returns its position. */
    long add(Element stanza) {
        Entry entry = new Entry(++sent, stanza);
        entries.addLast(entry);
        return entry.position();
    }

    /** Applies the server's {@code h} (XEP-0198 §4 {@code <a/>}, §5 {@code <resumed/>}). */
    AckResult ack(long h) {
        long ackedOnWire = SmCounter.add(0, acked - base);
        long more = SmCounter.distance(ackedOnWire, h);
        if (more > sent - acked) {
            return new TooHigh(h, SmCounter.add(0, sent - base));
        }
        acked += more;
        while (!entries.isEmpty() && entries.peekFirst().position() <= acked) {
            entries.pollFirst();
        }
        return new Acked(more);
    }

    /**
     * A new session replaces a dead one (its resumption failed or it was never resumable): the server counts from
     * 0 again. Returns what the dead session still owed, in order, for the caller to resend.
     */
    List<Element> restart() {
        List<Element> owed = new ArrayList<>(entries.size());
        entries.forEach(e -> owed.add(e.stanza()));
        entries.clear();
        base = sent;
        acked = sent;
        return owed;
    }

    /** The unacknowledged stanzas from {@code position} on (positions after {@code position - 1}). */
    List<Entry> from(long position) {
        return entries.stream().filter(e -> e.position() >= position).toList();
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    int size() {
        return entries.size();
    }

    long base() {
        return base;
    }

    long ackedCount() {
        return acked;
    }

    long sentCount() {
        return sent;
    }

    /** What the server should count as sent on this session, as in {@code send-count}. */
    long sendCount() {
        return SmCounter.add(0, sent - base);
    }
}
