package dev.xmppd.protocol.ext.delay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.Xml;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DelayTest {

    @ParameterizedTest
    @CsvSource({
        "2019-09-17T12:56:17Z, 2019-09-17T12:56:17Z",
        "2019-09-17T12:56:17.123Z, 2019-09-17T12:56:17.123Z",
        "2019-09-17T14:56:17+02:00, 2019-09-17T12:56:17Z",
        "2019-09-17T07:56:17.5-05:00, 2019-09-17T12:56:17.500Z",
    })
    void stampsWithFractionsAndOffsets(String stamp, String expected) {
        assertThat(Delay.parseStamp(stamp)).contains(Instant.parse(expected));
    }

    @Test
    void invalidStampsAreEmpty() {
        assertThat(Delay.parseStamp("yesterday")).isEmpty();
        assertThat(Delay.parseStamp("2019-09-17T12:56:17")).isEmpty();
        assertThat(Delay.parse(Xml.parse("<delay xmlns='urn:xmpp:delay' stamp='nope'/>"))).isEmpty();
        assertThat(Delay.parse(Xml.parse("<delay xmlns='urn:xmpp:delay'/>"))).isEmpty();
    }

    @Test
    void parsesFromAndReasonAndRoundTrips() {
        Delay delay = Delay.parse(Xml.parse(
                "<delay xmlns='urn:xmpp:delay' from='capulet.com' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>"))
                .orElseThrow();
        assertThat(delay.from()).contains("capulet.com");
        assertThat(delay.reason()).contains("Offline Storage");
        assertThat(Delay.parse(Xml.reparse(delay.toElement()))).contains(delay);
        assertThat(Delay.in(Xml.parse("<message><delay xmlns='urn:xmpp:delay' stamp='bad'/>"
                + "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></message>")))
                .map(Delay::stamp).contains(Instant.parse("2002-09-10T23:08:25Z"));
    }
}
