package dev.xmppd.daemon.store;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a body for full-text search: NFKC-normalised, lower case, split on anything that is not a letter or
 * a digit, each at most {@link #MAX_LENGTH} characters. Indexing and searching use the same function, so "Café!"
 * finds "café".
 */
public final class Words {
    public static final int MAX_LENGTH = 64;

    private Words() {
    }

    public static Set<String> of(String text) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Set<String> words = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        normalised.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else {
                add(words, word);
            }
        });
        add(words, word);
        return words;
    }

    private static void add(Set<String> words, StringBuilder word) {
        if (!word.isEmpty()) {
            String w = word.toString();
            if (w.length() > MAX_LENGTH) {
                w = w.substring(0, Character.isHighSurrogate(w.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH);
            }
            words.add(w);
            word.setLength(0);
        }
    }
}
