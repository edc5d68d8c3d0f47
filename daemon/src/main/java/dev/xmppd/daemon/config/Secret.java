package dev.xmppd.daemon.config;

import java.util.Arrays;

/**
 * A password in memory. Never printed: {@link #toString()} is redacted so a secret that ends up in a log line,
 * an exception message or a JSON reply by mistake shows nothing.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Takes a copy; the caller may clear its own array. */
    public static Secret of(char[] value) {
        return new Secret(value.clone());
    }

    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    /** A copy of the characters; clear it after use. */
    public char[] chars() {
        return value.clone();
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** Overwrites the characters (best effort: copies handed out earlier are the caller's to clear). */
    public void clear() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
