package dev.xmppd.protocol.ext.sm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.StanzaError;
import dev.xmppd.protocol.stanza.Xml;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SmNonzaTest {

    @Test
    void clientToServerAsOnTheSlides() {
        assertThat(new SmNonza.Enable(false, OptionalLong.empty()).toElement())
                .isEqualTo(Xml.parse("<enable xmlns='urn:xmpp:sm:3' />"));
        assertThat(new SmNonza.Enable(true, OptionalLong.empty()).toElement())
                .isEqualTo(Xml.parse("<enable xmlns='urn:xmpp:sm:3' resume='true'/>"));
        assertThat(SmNonza.Request.INSTANCE.toElement()).isEqualTo(Xml.parse("<r xmlns='urn:xmpp:sm:3' />"));
        assertThat(new SmNonza.Ack(1).toElement()).isEqualTo(Xml.parse("<a h='1' xmlns='urn:xmpp:sm:3' />"));
        assertThat(new SmNonza.Resume("random-id", 1).toElement())
                .isEqualTo(Xml.parse("<resume h='1' previd='random-id' xmlns='urn:xmpp:sm:3' />"));
    }

    @Test
    void serverToClientAsOnTheSlides() {
        var elements = Xml.all("""
                <enabled xmlns='urn:xmpp:sm:3' id='random-id' resume='true' max='300'/>
                <a xmlns='urn:xmpp:sm:3' h='1' />
                <message from='alice' />
                <r xmlns='urn:xmpp:sm:3' />
                <resumed xmlns='urn:xmpp:sm:3' h='4294967295' previd='random-id'/>""");
        SmNonza.Enabled enabled = (SmNonza.Enabled) SmNonza.parse(elements.get(0)).orElseThrow();
        assertThat(enabled.resumable()).isTrue();
        assertThat(enabled.id()).contains("random-id");
        assertThat(enabled.max()).hasValue(300);
        assertThat(SmNonza.parse(elements.get(1))).contains(new SmNonza.Ack(1));
        assertThat(SmNonza.parse(elements.get(2))).isEmpty();
        assertThat(SmNonza.parse(elements.get(3))).contains(SmNonza.Request.INSTANCE);
        assertThat(SmNonza.parse(elements.get(4))).contains(new SmNonza.Resumed("random-id", 4294967295L));
        // The slide writes this request as <r xmlns='urn:xmpp:sm'/>: not XEP-0198's namespace, so not a request.
        assertThat(SmNonza.parse(Xml.parse("<r xmlns='urn:xmpp:sm'/>"))).isEmpty();
    }

    @Test
    void failedWithHandledCountAndCondition() {
        SmNonza failed = SmNonza.parse(Xml.parse("""
                <failed xmlns='urn:xmpp:sm:3' h='42'>
                  <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                </failed>""")).orElseThrow();
        assertThat(failed).isEqualTo(new SmNonza.Failed(OptionalLong.of(42),
                Optional.of(StanzaError.Condition.ITEM_NOT_FOUND)));
        assertThat(SmNonza.parse(Xml.reparse(failed.toElement()))).contains(failed);
        assertThat(SmNonza.parse(Xml.parse("<failed xmlns='urn:xmpp:sm:3'/>")))
                .contains(new SmNonza.Failed(OptionalLong.empty(), Optional.empty()));
    }

    @Test
    void malformedAndOutOfRangeHAreRejected() {
        assertThat(SmNonza.parse(Xml.parse("<a xmlns='urn:xmpp:sm:3' h='-1'/>"))).isEmpty();
        assertThat(SmNonza.parse(Xml.parse("<a xmlns='urn:xmpp:sm:3' h='4294967296'/>"))).isEmpty();
        assertThat(SmNonza.parse(Xml.parse("<a xmlns='urn:xmpp:sm:3'/>"))).isEmpty();
        assertThat(SmNonza.parse(Xml.parse("<r xmlns='urn:xmpp:sm:2'/>"))).isEmpty();
    }

    @Test
    void counterWrapsAt32Bits() {
        assertThat(SmCounter.increment(SmCounter.MAX)).isZero();
        assertThat(SmCounter.add(SmCounter.MAX - 1, 3)).isEqualTo(1);
        assertThat(SmCounter.distance(SmCounter.MAX - 1, 2)).isEqualTo(4);
        assertThat(SmCounter.isPlausibleAck(SmCounter.MAX - 1, 1, 3)).isTrue();
        assertThat(SmCounter.isPlausibleAck(10, 12, 11)).isFalse();
        assertThat(SmCounter.isPlausibleAck(10, 9, 11)).isFalse();
        assertThat(SmCounter.parse("4294967295")).isEqualTo(SmCounter.MAX);
        assertThat(SmCounter.parse("x")).isEqualTo(-1);
    }
}
