package dev.xmppd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamErrorCondition;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamEvent.ElementReceived;
import dev.xmppd.protocol.xml.StreamReader;
import dev.xmppd.protocol.xml.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordedStreamTest {

    private static final RecordedStream RECORDED = RecordedStream.standard();
    private static List<Element> stanzas;

    @BeforeAll
    static void readWholeStream() {
        StreamReader reader = new StreamReader();
        List<StreamEvent> events = new ArrayList<>(reader.feed(RECORDED.bytes(), 0, RECORDED.length()));
        events.addAll(reader.endOfInput());
        assertThat(events).first().isInstanceOf(StreamEvent.StreamOpened.class);
        assertThat(events).last().isEqualTo(StreamEvent.StreamClosed.INSTANCE);
        stanzas = events.stream().filter(ElementReceived.class::isInstance)
                .map(event -> ((ElementReceived) event).element()).toList();
    }

    @Test
    void holdsExactlyTenThousandStanzasInTheAnnouncedMix() {
        assertThat(stanzas).hasSize(RecordedStream.STANZAS).hasSize(10_000);
        assertThat(RECORDED.stanzas()).isEqualTo(10_000);
        assertThat(RECORDED.mix()).containsOnlyKeys(StanzaKind.values());
        Map<String, Long> byName = stanzas.stream().collect(Collectors.groupingBy(Element::name, Collectors.counting()));
        Map<StanzaKind, Integer> mix = RECORDED.mix();
        assertThat(byName).containsOnly(
                Map.entry("message", (long) mix.get(StanzaKind.CHAT) + mix.get(StanzaKind.MAM_RESULT)
                        + mix.get(StanzaKind.CARBON)),
                Map.entry("presence", (long) mix.get(StanzaKind.PRESENCE)),
                Map.entry("iq", (long) mix.get(StanzaKind.ROSTER_RESULT) + mix.get(StanzaKind.DISCO_RESULT)));
        // Each kind's share is within a few points of its weight.
        mix.forEach((kind, count) -> assertThat(count).as(kind.name()).isBetween(
                (kind.percent() - 2) * 100, (kind.percent() + 2) * 100));
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
        // Stanzas are drawn one after another, so a shorter stream from the same seed is a prefix of the
        // standard one (up to its closing tag); 1,000 stanzas keep this test fast.
        byte[] shorter = RecordedStream.generate(1_000, RecordedStream.SEED).bytes();
        byte[] close = "</stream:stream>".getBytes(StandardCharsets.US_ASCII);
        int prefix = shorter.length - close.length;

        assertThat(RecordedStream.generate(1_000, RecordedStream.SEED).bytes()).isEqualTo(shorter);
        assertThat(Arrays.copyOf(RECORDED.bytes(), prefix)).isEqualTo(Arrays.copyOf(shorter, prefix));
        assertThat(RecordedStream.generate(1_000, RecordedStream.SEED + 1).bytes()).isNotEqualTo(shorter);
        assertThat(RecordedStream.generate(0, RecordedStream.SEED).stanzas()).isZero();
    }

    @Test
    void carriesEscapedEntitiesAndMultiByteUtf8() {
        String wire = new String(RECORDED.bytes(), StandardCharsets.UTF_8);
        assertThat(wire).contains("&amp;", "&lt;", "&gt;", "&apos;", "&quot;", "Grüße", "你好", "😀")
                .startsWith("<?xml version='1.0'?><stream:stream ").endsWith("</stream:stream>");
        List<String> bodies = stanzas.stream().flatMap(stanza -> descendants(stanza).stream())
                .filter(element -> element.name().equals("body"))
                .map(body -> ((Text) body.children().getFirst()).value()).toList();
        assertThat(bodies).anyMatch(body -> body.contains("Tom & Jerry"))
                .anyMatch(body -> body.contains("<b>not bold</b>"))
                .anyMatch(body -> body.contains("\"quoted\""))
                .anyMatch(body -> body.contains("🎉"));
    }

    @Test
    void someStanzasSpanMoreThanOneChunkAndMamResultsNestFiveDeep() {
        // A reader limited to one 4 KiB chunk per stanza must trip over at least one stanza.
        StreamReader limited = new StreamReader(new StreamReader.Limits(4096, 64));
        List<StreamEvent> events = limited.feed(RECORDED.bytes(), 0, RECORDED.length());
        assertThat(events).last().isInstanceOfSatisfying(StreamEvent.StreamFailed.class,
                failed -> assertThat(failed.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));

        Map<Integer, Long> depths = stanzas.stream()
                .collect(Collectors.groupingBy(RecordedStreamTest::depth, Collectors.counting()));
        assertThat(depths.keySet()).contains(2, 3, 4, 5);
        assertThat(depths.get(5)).isGreaterThanOrEqualTo(RECORDED.mix().get(StanzaKind.MAM_RESULT));
        long rosterItems = stanzas.stream().flatMap(stanza -> descendants(stanza).stream())
                .filter(element -> element.name().equals("item")).count();
        assertThat(rosterItems).isGreaterThanOrEqualTo(RECORDED.mix().get(StanzaKind.ROSTER_RESULT) * 5L);
    }

    private static int depth(Element element) {
        int deepest = 0;
        for (var child : element.children()) {
            if (child instanceof Element e) {
                deepest = Math.max(deepest, depth(e));
            }
        }
        return deepest + 1;
    }

    private static List<Element> descendants(Element element) {
        List<Element> all = new ArrayList<>();
        all.add(element);
        for (var child : element.children()) {
            if (child instanceof Element e) {
                all.addAll(descendants(e));
            }
        }
        return all;
    }
}
