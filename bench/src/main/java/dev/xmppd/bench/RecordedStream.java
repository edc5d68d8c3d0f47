package dev.xmppd.bench;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A recorded server-to-client XML stream (RFC 6120 §4) for the parser benchmarks: the stream header, a
 * number of mixed stanzas written the way servers write them (no indentation, an occasional whitespace
 * keepalive between stanzas), and {@code </stream:stream>}. Built from a fixed seed, so every benchmark and
 * every run reads exactly the same bytes.
 */
public final class RecordedStream {

    /** The number of stanzas the benchmarks read. */
    public static final int STANZAS = 10_000;
    /** The seed of {@link #standard()}; changing it changes the published numbers. */
    public static final long SEED = 6120L;

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='4c0f4e1d-8f4b-4b5e-9b62-2f7a1f0c9d11'"
            + " from='conversations.im' to='d@conversations.im' version='1.0' xml:lang='en'>";
    private static final String CLOSE = "</stream:stream>";
    /** One whitespace keepalive (RFC 6120 §4.6.1) every this many stanzas on average. */
    private static final int KEEPALIVE_EVERY = 250;

    private static final class Holder {
        static final RecordedStream STANDARD = generate(STANZAS, SEED);
    }

    private final byte[] bytes;
    private final Map<StanzaKind, Integer> mix;

    private RecordedStream(byte[] bytes, Map<StanzaKind, Integer> mix) {
        this.bytes = bytes;
        this.mix = Collections.unmodifiableMap(new EnumMap<>(mix));
    }

    /** The stream every benchmark reads: {@link #STANZAS} stanzas from {@link #SEED}; built once per JVM. */
    public static RecordedStream standard() {
        return Holder.STANDARD;
    }

    public static RecordedStream generate(int stanzas, long seed) {
        if (stanzas < 0) {
            throw new IllegalArgumentException("stanza count must not be negative: " + stanzas);
        }
        StanzaGenerator generator = new StanzaGenerator(seed);
        StringBuilder xml = new StringBuilder(stanzas * 900);
        xml.append(HEADER);
        EnumMap<StanzaKind, Integer> mix = new EnumMap<>(StanzaKind.class);
        for (int i = 0; i < stanzas; i++) {
            StanzaKind kind = generator.next(xml);
            mix.merge(kind, 1, Integer::sum);
            if (generator.oneIn(KEEPALIVE_EVERY)) {
                xml.append(' ');
            }
        }
        xml.append(CLOSE);
        return new RecordedStream(xml.toString().getBytes(StandardCharsets.UTF_8), mix);
    }

    /**
     * The UTF-8 bytes of the whole stream. Shared, not copied, so that benchmarks measure parsing only;
     * callers must not modify it.
     */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** Megabytes (10^6 bytes) in the stream: the unit of the benchmarks' MB/s figures. */
    public double megabytes() {
        return bytes.length / 1_000_000.0;
    }

    /** How many stanzas of each kind the stream holds. */
    public Map<StanzaKind, Integer> mix() {
        return mix;
    }

    public int stanzas() {
        return mix.values().stream().mapToInt(Integer::intValue).sum();
    }
}
