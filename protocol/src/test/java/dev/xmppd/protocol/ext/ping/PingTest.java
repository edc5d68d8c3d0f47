package dev.xmppd.protocol.ext.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Xml;
import org.junit.jupiter.api.Test;

class PingTest {

    @Test
    void pingFromTheSlidesIsRecognisedAndAnswered() {
        Iq ping = new Iq(Xml.parse("<iq to='eve' type='set' id='x'><ping xmlns='urn:xmpp:ping'/></iq>"));
        assertThat(Ping.isPing(ping)).isFalse(); // XEP-0199 pings are gets; the slide's set is not one
        Iq get = new Iq(Xml.parse("<iq from='eve' type='get' id='x'><ping xmlns='urn:xmpp:ping'/></iq>"));
        assertThat(Ping.isPing(get)).isTrue();
        assertThat(Iq.result(get).element()).isEqualTo(Xml.parse("<iq type='result' id='x' to='eve'/>"));
        assertThat(Iq.get(Ping.element()).payload()).contains(Xml.parse("<ping xmlns='urn:xmpp:ping'/>"));
    }
}
