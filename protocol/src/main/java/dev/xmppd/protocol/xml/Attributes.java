package dev.xmppd.protocol.xml;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable attribute map of an {@link Element}: insertion-ordered, array-backed, looked up linearly.
 * Elements carry a handful of attributes, so a scan beats hashing, and the {@link StreamReader} can hand a
 * freshly built instance to {@code Element} without a defensive copy.
 */
final class Attributes extends AbstractMap<String, String> {

    static final Attributes EMPTY = new Attributes(new String[0]);

    /** Keys at even indexes, their values at the following odd index. */
    private final String[] keysAndValues;

    private Attributes(String[] keysAndValues) {
        this.keysAndValues = keysAndValues;
    }

    static Attributes copyOf(Map<String, String> source) {
        if (source instanceof Attributes attributes) {
            return attributes;
        }
        if (source.isEmpty()) {
            return EMPTY;
        }
        String[] array = new String[source.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> entry : source.entrySet()) {
            array[i++] = Objects.requireNonNull(entry.getKey(), "attribute key");
            array[i++] = Objects.requireNonNull(entry.getValue(), () -> "value of attribute " + entry.getKey());
        }
        return new Attributes(array);
    }

    /** Takes a freshly built array of key/value pairs that nobody else holds or changes. */
    static Attributes ofOwnedPairs(String[] pairs) {
        return pairs.length == 0 ? EMPTY : new Attributes(pairs);
    }

    @Override
    public String get(Object key) {
        String[] kv = keysAndValues;
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(key)) {
                return kv[i + 1];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return keysAndValues.length / 2;
    }

    @Override
    public boolean isEmpty() {
        return keysAndValues.length == 0;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keysAndValues.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= keysAndValues.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> entry =
                                new SimpleImmutableEntry<>(keysAndValues[next], keysAndValues[next + 1]);
                        next += 2;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return keysAndValues.length / 2;
            }
        };
    }
}
