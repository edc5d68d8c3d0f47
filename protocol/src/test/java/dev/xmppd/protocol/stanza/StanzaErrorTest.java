package dev.xmppd.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.StanzaError.Condition;
import dev.xmppd.protocol.stanza.StanzaError.Type;
import org.junit.jupiter.api.Test;

class StanzaErrorTest {

    @Test
    void parsesTypeConditionTextAndApplicationCondition() {
        Message m = new Message(Xml.parse("""
                <message type='error' id='1'>
                  <error type='modify' by='example.com'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>too long</text>
                    <too-many-stanzas xmlns='urn:example:app'/>
                  </error>
                </message>"""));
        StanzaError error = m.error().orElseThrow();
        assertThat(error.type()).isEqualTo(Type.MODIFY);
        assertThat(error.condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(error.text()).contains("too long");
        assertThat(error.by()).contains("example.com");
        assertThat(error.applicationCondition()).map(e -> e.name()).contains("too-many-stanzas");
    }

    @Test
    void unknownConditionAndTypeAreTolerated() {
        StanzaError error = StanzaError.parse(Xml.parse("""
                <error type='strange'><brand-new xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"""));
        assertThat(error.condition()).isEqualTo(Condition.UNDEFINED_CONDITION);
        assertThat(error.type()).isEqualTo(Type.CANCEL);
    }

    @Test
    void everyConditionRoundTrips() {
        for (Condition c : Condition.values()) {
            StanzaError built = StanzaError.of(c, "why");
            StanzaError reread = StanzaError.parse(Xml.reparse(built.toElement()));
            assertThat(reread).isEqualTo(built);
        }
        assertThat(Condition.fromElementName("item-not-found")).contains(Condition.ITEM_NOT_FOUND);
        assertThat(Condition.RESOURCE_CONSTRAINT.defaultType()).isEqualTo(Type.WAIT);
    }
}
