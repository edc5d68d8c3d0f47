package dev.xmppd.protocol.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.stanza.Xml;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslElementsTest {

    @Test
    void mechanismsFromTheSlides() {
        assertThat(SaslElements.mechanisms(Xml.parse("""
                <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>
                  <mechanism>PLAIN</mechanism>
                  <mechanism> SCRAM-SHA-1 </mechanism>
                  <unknown/>
                </mechanisms>"""))).containsExactly("PLAIN", "SCRAM-SHA-1");
    }

    @Test
    void authAsOnTheSlides() {
        byte[] initial = new PlainMechanism("d", "password").initialResponse();
        assertThat(SaslElements.auth("PLAIN", initial)).isEqualTo(Xml.parse(
                "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGQAcGFzc3dvcmQ=</auth>"));
        assertThat(SaslElements.auth("EXTERNAL", new byte[0])).isEqualTo(Xml.parse(
                "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>"));
        assertThat(SaslElements.response(new byte[0]))
                .isEqualTo(Xml.parse("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"));
    }

    @Test
    void parsesChallengeSuccessFailure() throws SaslException {
        assertThat(SaslElements.parse(Xml.parse("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>cj1h</challenge>")))
                .contains(new SaslServerMessage.Challenge("r=a".getBytes(StandardCharsets.UTF_8)));
        assertThat(SaslElements.parse(Xml.parse("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl' />")))
                .contains(new SaslServerMessage.Success(new byte[0]));
        assertThat(SaslElements.parse(Xml.parse("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>=</success>")))
                .contains(new SaslServerMessage.Success(new byte[0]));
        SaslServerMessage failure = SaslElements.parse(Xml.parse("""
                <failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>
                  <not-authorized/><text xml:lang='en'>Invalid username or password</text>
                </failure>""")).orElseThrow();
        assertThat(failure).isInstanceOfSatisfying(SaslServerMessage.Failure.class, f -> {
            assertThat(f.condition()).isEqualTo(SaslFailureCondition.NOT_AUTHORIZED);
            assertThat(f.condition().isPermanent()).isTrue();
            assertThat(f.text()).contains("Invalid username or password");
        });
        assertThat(SaslElements.parse(Xml.parse("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><new-one/></failure>")))
                .contains(new SaslServerMessage.Failure(SaslFailureCondition.UNKNOWN, java.util.Optional.empty()));
        assertThat(SaslFailureCondition.TEMPORARY_AUTH_FAILURE.isPermanent()).isFalse();
        assertThat(SaslElements.parse(Xml.parse("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"))).isEmpty();
        assertThatThrownBy(() -> SaslElements.parse(Xml.parse(
                "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>!!notbase64</challenge>")))
                .isInstanceOf(SaslException.class);
    }
}
