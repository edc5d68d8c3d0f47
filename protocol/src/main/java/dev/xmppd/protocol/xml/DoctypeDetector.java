package dev.xmppd.protocol.xml;

/**
 * Spots {@code <!DOCTYPE} in the prolog, across chunk boundaries. Aalto's async parser reports a bare
 * DOCTYPE as an event but rejects one with an internal subset (where entity bombs live) as a syntax
 * error; this lets the reader name that failure correctly: restricted-xml (RFC 6120 §11.1).
 */
final class DoctypeDetector {

    private static final byte[] PATTERN = "<!DOCTYPE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private int matched;
    private boolean seen;

    void scan(byte[] bytes, int from, int length) {
        for (int i = from, end = from + length; i < end && !seen; i++) {
            byte b = bytes[i];
            if (b == PATTERN[matched]) {
                matched++;
                seen = matched == PATTERN.length;
            } else {
                matched = b == PATTERN[0] ? 1 : 0;
            }
        }
    }

    boolean seen() {
        return seen;
    }
}
