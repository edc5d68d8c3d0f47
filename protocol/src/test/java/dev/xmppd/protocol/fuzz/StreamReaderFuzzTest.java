package dev.xmppd.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.Node;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import dev.xmppd.protocol.xml.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link StreamReader} on arbitrary bytes cut into arbitrary chunks. Whatever the bytes, the reader answers
 * only with typed events (an unchecked exception fails the test), at most one {@code StreamFailed} and nothing
 * after the end of the stream; every element it hands out respects the limits; and the chunking changes
 * nothing: the same bytes in one piece give the same elements and fail or not alike. Which condition a
 * failure names may differ when the input breaks two rules at once: text then an invalid character
 * ({@code >-\0}) is {@code bad-format} when a chunk ends after the text and {@code not-well-formed} when
 * the parser sees both together (the first fuzzing finding, kept in the corpus). Either ends the stream.
 *
 * <p>The fuzzer's input: the stream's bytes first, the chunk sizes taken from its last bytes (Jazzer's
 * {@link FuzzedDataProvider} reads numbers from the end). The limits are small (2 KiB, depth 8) so the
 * fuzzer reaches them; the real ones only differ in size.
 */
class StreamReaderFuzzTest {

    private static final StreamReader.Limits LIMITS = new StreamReader.Limits(2048, 8);

    @FuzzTest(maxDuration = "10m")
    void arbitraryBytesInArbitraryChunks(FuzzedDataProvider data) {
        int pieces = data.consumeInt(1, 8);
        int[] sizes = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            sizes[i] = data.consumeInt(0, 300);
        }
        byte[] bytes = data.consumeRemainingAsBytes();

        List<StreamEvent> chunked = readInChunks(bytes, sizes);
        List<StreamEvent> whole = readInChunks(bytes, new int[] {bytes.length});

        assertWellFormedSequence(chunked);
        assertThat(shape(chunked)).as("the same bytes in other chunks").isEqualTo(shape(whole));
    }

    private static List<StreamEvent> readInChunks(byte[] bytes, int[] sizes) {
        StreamReader reader = new StreamReader(LIMITS);
        List<StreamEvent> events = new ArrayList<>();
        int offset = 0;
        for (int i = 0; offset < bytes.length; i++) {
            int size = i < sizes.length ? Math.min(sizes[i], bytes.length - offset) : bytes.length - offset;
            events.addAll(reader.feed(bytes, offset, size));
            offset += size;
        }
        events.addAll(reader.endOfInput());
        // A dead or closed reader stays silent.
        assertThat(reader.feed(bytes, 0, bytes.length)).isEmpty();
        assertThat(reader.endOfInput()).isEmpty();
        return events;
    }

    private static void assertWellFormedSequence(List<StreamEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            StreamEvent event = events.get(i);
            switch (event) {
                case StreamEvent.StreamOpened opened -> assertThat(i).as("the header comes first").isZero();
                case StreamEvent.ElementReceived(Element element) -> {
                    assertThat(events.getFirst()).isInstanceOf(StreamEvent.StreamOpened.class);
                    assertThat(depth(element)).isLessThanOrEqualTo(LIMITS.maxDepth());
                    // Every character of a name, value or text came from at least one input byte.
                    assertThat(characters(element)).isLessThanOrEqualTo(LIMITS.maxElementBytes());
                }
                case StreamEvent.StreamClosed closed -> assertThat(i).as("nothing after the end").isEqualTo(events.size() - 1);
                case StreamEvent.StreamFailed(var condition, var detail) -> {
                    assertThat(condition).isNotNull();
                    assertThat(detail).isNotNull();
                    assertThat(i).as("nothing after a failure").isEqualTo(events.size() - 1);
                }
            }
        }
    }

    private static int depth(Element element) {
        int deepest = 0;
        for (Element child : element.elements()) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    private static long characters(Element element) {
        long count = element.name().length();
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            count += localName(attribute.getKey()).length() + attribute.getValue().length();
        }
        for (Node child : element.children()) {
            count += switch (child) {
                case Element e -> characters(e);
                case Text t -> t.value().length();
            };
        }
        return count;
    }

    /** An attribute key may carry its namespace ({@code {ns}local}), which the input did not spell out. */
    private static String localName(String key) {
        int close = key.lastIndexOf('}');
        return close < 0 ? key : key.substring(close + 1);
    }

    /** The events with a failure reduced to the fact: its condition and detail depend on what was seen first. */
    private static List<Object> shape(List<StreamEvent> events) {
        return events.stream().<Object>map(e -> e instanceof StreamEvent.StreamFailed ? "failed" : e).toList();
    }
}
