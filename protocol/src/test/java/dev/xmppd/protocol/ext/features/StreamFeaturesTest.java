package dev.xmppd.protocol.ext.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.Xml;
import org.junit.jupiter.api.Test;

class StreamFeaturesTest {

    @Test
    void afterAuthenticationAsOnTheSlides() {
        StreamFeatures features = StreamFeatures.parse(Xml.fixture(getClass(), "after-auth.xml")).orElseThrow();
        assertThat(features.bind()).isTrue();
        assertThat(features.sessionRequired()).isFalse();
        assertThat(features.streamManagement()).isTrue();
        assertThat(features.clientStateIndication()).isTrue();
        assertThat(features.rosterVersioning()).isTrue();
        assertThat(features.startTls()).isEmpty();
        assertThat(features.mechanisms()).isEmpty();
        assertThat(features.elements()).hasSize(6);
    }

    @Test
    void beforeAuthenticationWithChannelBindingTypes() {
        StreamFeatures features = StreamFeatures.parse(Xml.fixture(getClass(), "before-auth.xml")).orElseThrow();
        assertThat(features.mechanisms()).containsExactly("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "PLAIN");
        assertThat(features.channelBindingTypes()).containsExactly("tls-server-end-point", "tls-exporter");
        assertThat(features.bind()).isFalse();
    }

    @Test
    void startTlsRequiredOrNot() {
        StreamFeatures required = StreamFeatures.parse(Xml.parse("""
                <stream:features xmlns:stream='http://etherx.jabber.org/streams'>
                  <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>
                </stream:features>""")).orElseThrow();
        assertThat(required.startTls()).contains(true);
        StreamFeatures optional = StreamFeatures.parse(Xml.parse("""
                <stream:features xmlns:stream='http://etherx.jabber.org/streams'>
                  <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls' />
                </stream:features>""")).orElseThrow();
        assertThat(optional.startTls()).contains(false);
        assertThat(StartTls.isProceed(Xml.parse("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls' />"))).isTrue();
        assertThat(StartTls.request()).isEqualTo(Xml.parse("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls' />"));
        assertThat(StreamFeatures.parse(StartTls.request())).isEmpty();
    }
}
