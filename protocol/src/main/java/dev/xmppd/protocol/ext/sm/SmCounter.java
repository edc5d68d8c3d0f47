package dev.xmppd.protocol.ext.sm;

/**
 * Stream management counters (XEP-0198 §4): {@code h} counts handled stanzas as an unsigned 32-bit number
 * that wraps to 0 after 2^32 - 1. Values are held in a {@code long} in 0..2^32-1.
 */
public final class SmCounter {

    public static final long MODULUS = 1L << 32;
    public static final long MAX = MODULUS - 1;

    private SmCounter() {
    }

    /** {@code h + 1}, wrapping to 0. */
    public static long increment(long h) {
        return (h + 1) & MAX;
    }

    /** {@code h + n}, wrapping. */
    public static long add(long h, long n) {
        return (h + n) & MAX;
    }

    /** How many stanzas lie between {@code older} and {@code newer}, counting across a wrap. */
    public static long distance(long older, long newer) {
        return (newer - older) & MAX;
    }

    /**
     * True when an ack of {@code acked} is possible after {@code sent} stanzas and a previous ack of
     * {@code previousAck}: it may not go back nor beyond what was sent (XEP-0198 §4 and §5: otherwise the
     * stream is failed with undefined-condition).
     */
    public static boolean isPlausibleAck(long previousAck, long acked, long sent) {
        return distance(previousAck, acked) <= distance(previousAck, sent);
    }

    public static boolean isValid(long h) {
        return h >= 0 && h <= MAX;
    }

    /** Parses an {@code h} attribute; -1 when it is not a number in 0..2^32-1. */
    public static long parse(String text) {
        try {
            long value = Long.parseLong(text.strip());
            return isValid(value) ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
