package dev.xmppd.protocol.ext.bind;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Xml;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindTest {

    @Test
    void bindAsOnTheSlides() {
        assertThat(Iq.set(Bind.request(Optional.of("desktop.Uf34"))).withId("one").element()).isEqualTo(Xml.parse("""
                <iq id='one' type='set'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>\
                <resource>desktop.Uf34</resource></bind></iq>"""));
        assertThat(Bind.request(Optional.empty()))
                .isEqualTo(Xml.parse("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"));
        Iq result = new Iq(Xml.parse("""
                <iq id='one' type='result'>
                  <bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>
                    <jid>d@conversations.im/desktop.Uf34</jid>
                  </bind>
                </iq>"""));
        assertThat(Bind.parseResult(result)).contains(Jid.parse("d@conversations.im/desktop.Uf34"));
        assertThat(Bind.parseResult(new Iq(Xml.parse("<iq id='one' type='error'/>")))).isEmpty();
        assertThat(Bind.parseResult(new Iq(Xml.parse("""
                <iq id='one' type='result'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>bare@x</jid></bind></iq>""")))).isEmpty();
    }

    @Test
    void sessionOnlyWhenNotOptional() {
        assertThat(Session.isRequired(Xml.parse("<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>"))).isTrue();
        assertThat(Session.isRequired(Xml.parse(
                "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>"))).isFalse();
        assertThat(Iq.set(Jid.parse("conversations.im"), Session.request()).payload().orElseThrow())
                .isEqualTo(Xml.parse("<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>"));
    }
}
