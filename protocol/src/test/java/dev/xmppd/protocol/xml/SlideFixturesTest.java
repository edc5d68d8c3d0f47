package dev.xmppd.protocol.xml;

import static dev.xmppd.protocol.xml.StreamInput.elementsOf;
import static dev.xmppd.protocol.xml.StreamInput.failureOf;
import static dev.xmppd.protocol.xml.StreamInput.oneShot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.features.StreamFeatures;
import dev.xmppd.protocol.xml.StreamEvent.ElementReceived;
import dev.xmppd.protocol.xml.StreamEvent.StreamClosed;
import dev.xmppd.protocol.xml.StreamEvent.StreamFailed;
import dev.xmppd.protocol.xml.StreamEvent.StreamOpened;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every XML example of the seed slides: parsed, written, reparsed; and the slides' typos rejected. */
class SlideFixturesTest {

    private static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";

    static Stream<String> fixed() throws IOException, URISyntaxException {
        return fixtureNames("slides/fixed");
    }

    static Stream<String> brokenSyntax() throws IOException, URISyntaxException {
        return fixtureNames("slides/broken")
                .filter(name -> !name.contains("iETF") && !name.contains("-stream.xml"));
    }

    private static Stream<String> fixtureNames(String directory) throws IOException, URISyntaxException {
        Path path = Path.of(SlideFixturesTest.class.getResource(directory).toURI());
        try (Stream<Path> files = Files.list(path)) {
            return files.map(p -> directory + "/" + p.getFileName()).filter(n -> n.endsWith(".xml")).sorted()
                    .toList().stream();
        }
    }

    /** A fixture as a whole stream: header fixtures get a close tag, stanza fixtures a header and close. */
    static String asStream(String fixture) {
        String xml = StreamInput.resource(fixture);
        String start = xml.stripLeading();
        if (start.startsWith("<?xml") || start.startsWith("<stream:stream") || start.startsWith("<stream>")) {
            return xml.contains("</stream:stream>") || xml.contains("</stream>") ? xml : xml + StreamInput.CLOSE;
        }
        return StreamInput.inStream(xml);
    }

    static String rewrite(List<StreamEvent> events) {
        StringBuilder out = new StringBuilder();
        String content = "";
        for (StreamEvent event : events) {
            switch (event) {
                case StreamOpened opened -> {
                    content = opened.defaultNamespace();
                    out.append(XmlWriter.streamHeader(opened.attributes(), content));
                }
                case ElementReceived received -> XmlWriter.write(received.element(), content, out);
                case StreamClosed closed -> out.append(XmlWriter.streamClose());
                case StreamFailed failed -> throw new AssertionError("unexpected " + failed);
            }
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixed")
    void fixedSlideParsesAndRoundTrips(String fixture) {
        List<StreamEvent> events = oneShot(asStream(fixture));

        assertThat(events).noneMatch(StreamFailed.class::isInstance);
        assertThat(events.getFirst()).isInstanceOf(StreamOpened.class);
        assertThat(events.getLast()).isEqualTo(StreamClosed.INSTANCE);
        String written = rewrite(events);
        assertThat(oneShot(written)).as(written).isEqualTo(events);
        for (Element element : elementsOf(events)) {
            assertThat(elementsOf(oneShot(StreamInput.inStream(XmlWriter.write(element))))).containsExactly(element);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSyntax")
    void slideTypoIsNotWellFormed(String fixture) {
        List<StreamEvent> events = oneShot(asStream(fixture));

        assertThat(failureOf(events).condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(events.getLast()).isInstanceOf(StreamFailed.class);
    }

    @Test
    void streamWithoutNamespaceIsInvalidNamespace() {
        for (String fixture : List.of("slides/broken/01-output-stream.xml", "slides/broken/02-input-stream.xml")) {
            assertThat(oneShot(asStream(fixture))).singleElement().isInstanceOfSatisfying(StreamFailed.class,
                    failed -> assertThat(failed.condition()).isEqualTo(StreamErrorCondition.INVALID_NAMESPACE));
        }
    }

    @Test
    void upperCaseIetfNamespaceIsNotBind() {
        List<StreamEvent> broken = oneShot(asStream("slides/broken/12-server-final-features-iETF.xml"));
        List<StreamEvent> fixed = oneShot(asStream("slides/fixed/12-server-final-features.xml"));

        assertThat(broken).noneMatch(StreamFailed.class::isInstance);
        Element brokenFeatures = elementsOf(broken).getFirst();
        Element fixedFeatures = elementsOf(fixed).getFirst();
        assertThat(brokenFeatures.child("bind", BIND)).isEmpty();
        assertThat(brokenFeatures.child("bind", "urn:iETF:params:xml:ns:xmpp-bind")).isPresent();
        assertThat(fixedFeatures.child("bind", BIND)).isPresent();
        assertThat(fixedFeatures.child("session", "urn:ietf:params:xml:ns:xmpp-session")).isPresent();
        // What the login reads from the features: the typo offers no bind, so no login could bind on it.
        assertThat(StreamFeatures.parse(brokenFeatures).orElseThrow().bind()).isFalse();
        assertThat(StreamFeatures.parse(fixedFeatures).orElseThrow().bind()).isTrue();
    }

    @Test
    void everySlideHasAFixture() throws IOException, URISyntaxException {
        assertThat(fixed().count()).isEqualTo(42);
        assertThat(brokenSyntax().count()).isEqualTo(7);
    }
}
