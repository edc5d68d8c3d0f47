package dev.xmppd.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IqTest {

    private static final Element PING = Element.builder("ping", "urn:xmpp:ping").build();

    @Test
    void getCarriesPayloadAndAFreshId() {
        Iq a = Iq.get(Jid.parse("eve"), PING);
        Iq b = Iq.get(Jid.parse("eve"), PING);
        assertThat(a.type()).isEqualTo(IqType.GET);
        assertThat(a.payload()).contains(PING);
        assertThat(a.id()).isPresent().isNotEqualTo(b.id());
        assertThat(Iq.request(IqType.SET, Optional.of(Jid.parse("eve")), PING, "x").element()).isEqualTo(Xml.parse("<iq type='set' id='x' to='eve'><ping xmlns='urn:xmpp:ping'/></iq>"));
    }

    @Test
    void resultAnswersTheSlidePing() {
        Iq request = (Iq) Stanza.of(Xml.parse(
                "<iq from='eve' type='get' id='x'><ping xmlns='urn:xmpp:ping'/></iq>")).orElseThrow();
        assertThat(request.isRequest()).isTrue();
        Iq result = Iq.result(request);
        assertThat(result.element()).isEqualTo(Xml.parse("<iq type='result' id='x' to='eve'/>"));
        assertThat(result.payload()).isEmpty();
    }

    @Test
    void errorReplyCarriesTheStanzaError() {
        Iq request = new Iq(Xml.parse("<iq from='a@b/c' type='get' id='q'><query xmlns='urn:x'/></iq>"));
        Iq error = Iq.error(request, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
        assertThat(error.element()).isEqualTo(Xml.parse("<iq type='error' id='q' to='a@b/c'>"
                + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "</error></iq>"));
        Iq reread = new Iq(Xml.reparse(error.element()));
        assertThat(reread.type()).isEqualTo(IqType.ERROR);
        assertThat(reread.error()).map(StanzaError::condition).contains(StanzaError.Condition.SERVICE_UNAVAILABLE);
        assertThat(reread.payload()).isEmpty();
    }
}
