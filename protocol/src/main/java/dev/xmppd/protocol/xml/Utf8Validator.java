package dev.xmppd.protocol.xml;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629 §4), across chunk boundaries. Aalto's async parser
 * decodes overlong forms (C0 AF as '/', E0 80 80 as U+0000) without complaint, and an overlong '<' or
 * '/' is a classic way to slip markup past byte-level filters, so every byte is checked before the parser
 * sees it. Rejects overlong forms, encoded surrogates, code points above U+10FFFF, stray continuation
 * bytes, and a sequence interrupted by a non-continuation byte.
 */
final class Utf8Validator {

    /** Reads 8 bytes of a {@code byte[]} as one {@code long}, for the ASCII fast path. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The high bit of each of 8 bytes: a word without any of them is 8 ASCII bytes. */
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Continuation bytes still expected in the current sequence. */
    private int needed;
    /** Bytes of the current, unfinished sequence accepted so far (0 between characters). */
    private int pending;
    /** Allowed range of the next continuation byte (narrower right after some lead bytes). */
    private int low = 0x80;
    private int high = 0xBF;

    /** How many of the {@code length} bytes from {@code from} are valid; {@code length} when all are. */
    int validPrefix(byte[] bytes, int from, int length) {
        int end = from + length;
        int i = from;
        while (i < end) {
            if (needed == 0) {
                // ASCII fast path, 8 bytes at a time: most XMPP traffic is markup.
                while (i <= end - Long.BYTES && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                while (i < end && bytes[i] >= 0) {
                    i++;
                }
                if (i == end) {
                    break;
                }
            }
            if (!accept(bytes[i])) {
                return i - from;
            }
            i++;
        }
        return length;
    }

    /** How many of the bytes accepted last belong to a character still missing its last bytes (0 to 3). */
    int pending() {
        return pending;
    }

    private boolean accept(byte value) {
        int b = value & 0xFF;
        if (needed > 0) {
            if (b < low || b > high) {
                return false;
            }
            low = 0x80;
            high = 0xBF;
            needed--;
            pending = needed == 0 ? 0 : pending + 1;
            return true;
        }
        if (b < 0x80) {
            return true;
        }
        pending = 1;
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b == 0xE0) {
            needed = 2;
            low = 0xA0;
        } else if (b == 0xED) {
            needed = 2;
            high = 0x9F;
        } else if (b >= 0xE1 && b <= 0xEF) {
            needed = 2;
        } else if (b == 0xF0) {
            needed = 3;
            low = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            needed = 3;
        } else if (b == 0xF4) {
            needed = 3;
            high = 0x8F;
        } else {
            return false;
        }
        return true;
    }
}
