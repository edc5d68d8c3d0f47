package dev.xmppd.protocol.xml;

import java.nio.ByteBuffer;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629 §4), across chunk boundaries. Aalto's async parser
 * decodes overlong forms (C0 AF as '/', E0 80 80 as U+0000) without complaint, and an overlong '<' or
 * '/' is a classic way to slip markup past byte-level filters, so every byte is checked before the parser
 * sees it. Rejects overlong forms, encoded surrogates, code points above U+10FFFF, stray continuation
 * bytes, and a sequence interrupted by a non-continuation byte.
 */
final class Utf8Validator {

    /** Continuation bytes still expected in the current sequence. */
    private int needed;
    /** Allowed range of the next continuation byte (narrower right after some lead bytes). */
    private int low = 0x80;
    private int high = 0xBF;

    /** How many of the {@code length} bytes from {@code from} are valid; {@code length} when all are. */
    int validPrefix(ByteBuffer buffer, int from, int length) {
        if (buffer.hasArray()) {
            int base = buffer.arrayOffset();
            return validPrefix(buffer.array(), base + from, length);
        }
        for (int i = 0; i < length; i++) {
            if (!accept(buffer.get(from + i))) {
                return i;
            }
        }
        return length;
    }

    private int validPrefix(byte[] bytes, int from, int length) {
        int end = from + length;
        int i = from;
        while (i < end) {
            if (needed == 0) {
                // ASCII fast path: most XMPP traffic is markup.
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

    private boolean accept(byte value) {
        int b = value & 0xFF;
        if (needed > 0) {
            if (b < low || b > high) {
                return false;
            }
            low = 0x80;
            high = 0xBF;
            needed--;
            return true;
        }
        if (b < 0x80) {
            return true;
        }
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
