package dev.xmppd.protocol.xml;

import static dev.xmppd.protocol.xml.StreamInput.CLIENT_HEADER;
import static dev.xmppd.protocol.xml.StreamInput.failureOf;
import static dev.xmppd.protocol.xml.StreamInput.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.xml.StreamEvent.ElementReceived;
import dev.xmppd.protocol.xml.StreamEvent.StreamFailed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Size and depth limits: policy-violation, detected while the element is still arriving. */
class StreamReaderLimitsTest {

    private static final int MIB = 1024 * 1024;

    /** A top-level element of exactly {@code size} bytes. */
    private static String messageOfSize(int size) {
        String open = "<message><body>";
        String close = "</body></message>";
        return open + "x".repeat(size - open.length() - close.length()) + close;
    }

    private static List<StreamEvent> feedInChunks(StreamReader reader, byte[] bytes, int chunk) {
        List<StreamEvent> events = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += chunk) {
            events.addAll(reader.feed(bytes, off, Math.min(chunk, bytes.length - off)));
        }
        return events;
    }

    @Test
    void elementOfExactlyTheLimitPassesAndOneByteMoreFails() {
        StreamReader.Limits limits = new StreamReader.Limits(1000, 64);
        for (int chunk : new int[] {1, 7, 64, 999, 100_000}) {
            byte[] fits = utf8(CLIENT_HEADER + "\n " + messageOfSize(1000) + " " + messageOfSize(1000));
            List<StreamEvent> ok = feedInChunks(new StreamReader(limits), fits, chunk);
            assertThat(ok).as("chunk %d", chunk).hasSize(3).allMatch(e -> !(e instanceof StreamFailed));

            byte[] tooBig = utf8(CLIENT_HEADER + messageOfSize(1000) + messageOfSize(1001));
            List<StreamEvent> failed = feedInChunks(new StreamReader(limits), tooBig, chunk);
            assertThat(failed).as("chunk %d", chunk).hasSize(3).element(1).isInstanceOf(ElementReceived.class);
            assertThat(failureOf(failed).condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        }
    }

    @Test
    void hugeElementFailsRightAfterTheLimitWithoutBufferingTheRest() {
        StreamReader reader = new StreamReader(new StreamReader.Limits(MIB, 64));
        byte[] start = utf8(CLIENT_HEADER + "<message><body>");
        assertThat(reader.feed(start, 0, start.length)).hasSize(1);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');

        long fed = 0;
        List<StreamEvent> events = List.of();
        while (events.isEmpty() && fed < 100L * MIB) {
            events = reader.feed(chunk, 0, chunk.length);
            fed += chunk.length;
        }

        assertThat(events).singleElement().isInstanceOfSatisfying(StreamFailed.class,
                failed -> assertThat(failed.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
        assertThat(fed).isGreaterThanOrEqualTo(MIB - 64 * 1024).isLessThanOrEqualTo(MIB + 64 * 1024);
        assertThat(reader.feed(chunk, 0, chunk.length)).isEmpty();
    }

    @Test
    void oneHugeChunkIsNotHandedToTheParserWhole() {
        byte[] huge = new byte[20 * MIB];
        Arrays.fill(huge, (byte) 'x');
        byte[] start = utf8(CLIENT_HEADER + "<message><body>");
        System.arraycopy(start, 0, huge, 0, start.length);

        List<StreamEvent> events = new StreamReader().feed(huge, 0, huge.length);

        assertThat(events).hasSize(2);
        assertThat(failureOf(events).condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void hugeStartTagOrPrologIsBoundedToo() {
        StreamReader.Limits limits = new StreamReader.Limits(4096, 64);
        byte[] attribute = utf8(CLIENT_HEADER + "<message to='" + "a".repeat(10_000));
        assertThat(failureOf(new StreamReader(limits).feed(attribute, 0, attribute.length)).condition())
                .isEqualTo(StreamErrorCondition.POLICY_VIOLATION);

        byte[] prolog = utf8("<?xml version='1.0'?>" + " ".repeat(10_000));
        assertThat(new StreamReader(limits).feed(prolog, 0, prolog.length)).singleElement()
                .isInstanceOfSatisfying(StreamFailed.class, failed ->
                        assertThat(failed.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
    }

    @Test
    void whitespaceKeepalivesNeverAddUpToTheLimit() {
        StreamReader reader = new StreamReader(new StreamReader.Limits(300, 64));
        byte[] header = utf8(CLIENT_HEADER);
        reader.feed(header, 0, header.length);
        byte[] ping = utf8(" <presence/>");

        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.addAll(reader.feed(ping, 0, ping.length));
        }

        assertThat(events).hasSize(1000).allMatch(ElementReceived.class::isInstance);
    }

    @Test
    void tenThousandDeepNestingIsAPolicyViolation() {
        String deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
        byte[] bytes = utf8(CLIENT_HEADER + deep);

        List<StreamEvent> events = new StreamReader().feed(bytes, 0, bytes.length);

        assertThat(events).hasSize(2);
        StreamFailed failed = failureOf(events);
        assertThat(failed.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(failed.detail()).contains("64");
    }

    @Test
    void depthUpToTheLimitIsFine() {
        StreamReader.Limits limits = new StreamReader.Limits(MIB, 5);
        byte[] ok = utf8(CLIENT_HEADER + "<a>".repeat(5) + "</a>".repeat(5));
        byte[] tooDeep = utf8(CLIENT_HEADER + "<a>".repeat(6) + "</a>".repeat(6));

        assertThat(new StreamReader(limits).feed(ok, 0, ok.length)).hasSize(2).last()
                .isInstanceOf(ElementReceived.class);
        assertThat(failureOf(new StreamReader(limits).feed(tooDeep, 0, tooDeep.length)).condition())
                .isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void defaultsAreDocumented() {
        assertThat(StreamReader.Limits.DEFAULT).isEqualTo(new StreamReader.Limits(MIB, 64));
    }
}
