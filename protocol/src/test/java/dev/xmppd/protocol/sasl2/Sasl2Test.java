package dev.xmppd.protocol.sasl2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.ext.bind2.Bind2;
import dev.xmppd.protocol.ext.fast.Fast;
import dev.xmppd.protocol.sasl.SaslException;
import dev.xmppd.protocol.sasl.SaslFailureCondition;
import dev.xmppd.protocol.stanza.Xml;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SASL2 (XEP-0388), Bind2 (XEP-0386) and FAST (XEP-0484) elements, from the XEPs' examples and Prosody's. */
class Sasl2Test {

    /** What Prosody 0.12.3 with prosody-modules' mod_sasl2, mod_sasl2_bind2 and mod_sasl2_fast advertises. */
    private static final String PROSODY_FEATURES = """
            <stream:features xmlns:stream='http://etherx.jabber.org/streams'>
              <authentication xmlns='urn:xmpp:sasl:2'>
                <mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>
                <inline>
                  <bind xmlns='urn:xmpp:bind:0'><inline>
                    <feature var='urn:xmpp:sm:3'/><feature var='urn:xmpp:carbons:2'/>
                    <feature var='urn:xmpp:csi:0'/><feature var='urn:xmpp:sm:3'/>
                  </inline></bind>
                  <fast xmlns='urn:xmpp:fast:0'>
                    <mechanism>HT-SHA-256-NONE</mechanism><mechanism>HT-SHA-256-EXPR</mechanism>
                  </fast>
                </inline>
              </authentication>
              <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>
            </stream:features>""";

    @Test
    void offerAsProsodyAdvertisesIt() {
        Sasl2Offer offer = Sasl2Offer.in(Xml.parse(PROSODY_FEATURES)).orElseThrow();
        assertThat(offer.mechanisms()).containsExactly("SCRAM-SHA-1", "PLAIN");
        assertThat(offer.bind()).contains(List.of("urn:xmpp:sm:3", "urn:xmpp:carbons:2", "urn:xmpp:csi:0"));
        assertThat(offer.bindOffers("urn:xmpp:carbons:2")).isTrue();
        assertThat(offer.streamManagement()).isFalse();
        assertThat(offer.fastMechanisms()).containsExactly("HT-SHA-256-NONE", "HT-SHA-256-EXPR");
    }

    @Test
    void noOfferWithoutTheFeature() {
        assertThat(Sasl2Offer.in(Xml.parse("""
                <stream:features xmlns:stream='http://etherx.jabber.org/streams'>
                  <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>
                </stream:features>"""))).isEmpty();
    }

    @Test
    void authenticateAsInXep0388Example() {
        Element authenticate = Sasl2.authenticate("SCRAM-SHA-1-PLUS",
                "p=tls-exporter,,n=user,r=12C4CD5C-E38E-4A98-8F6D-15C38F51CCC6".getBytes(StandardCharsets.UTF_8),
                new Sasl2.UserAgent("d4565fa7-4d72-4749-b3d3-740edbf87770", "AwesomeXMPP", "Kiva's Phone"),
                List.of(Bind2.request("AwesomeXMPP", List.of(Element.builder("enable", "urn:xmpp:carbons:2").build())),
                        Fast.requestToken("HT-SHA-256-NONE")));
        assertThat(authenticate).isEqualTo(Xml.parse("""
                <authenticate xmlns='urn:xmpp:sasl:2' mechanism='SCRAM-SHA-1-PLUS'><initial-response>\
                cD10bHMtZXhwb3J0ZXIsLG49dXNlcixyPTEyQzRDRDVDLUUzOEUtNEE5OC04RjZELTE1QzM4RjUxQ0NDNg==</initial-response>\
                <user-agent id='d4565fa7-4d72-4749-b3d3-740edbf87770'><software>AwesomeXMPP</software>\
                <device>Kiva's Phone</device></user-agent>\
                <bind xmlns='urn:xmpp:bind:0'><tag>AwesomeXMPP</tag><enable xmlns='urn:xmpp:carbons:2'/></bind>\
                <request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/></authenticate>"""));
        assertThat(XmlWriter.write(Sasl2.response(new byte[0]))).contains(">=</response>");
    }

    @Test
    void challengeAndSuccessWithInlineResults() throws SaslException {
        assertThat(Sasl2ServerMessage.parse(Xml.parse("<challenge xmlns='urn:xmpp:sasl:2'>cj1hYmM=</challenge>")))
                .contains(new Sasl2ServerMessage.Challenge("r=abc".getBytes(StandardCharsets.UTF_8)));
        // As Prosody sends it after a password login with a token request and Bind2 with carbons.
        Element element = Xml.parse("""
                <success xmlns='urn:xmpp:sasl:2'><additional-data>dj1wc01yNUQ=</additional-data>\
                <bound xmlns='urn:xmpp:bind:0'><enabled xmlns='urn:xmpp:carbons:2'/></bound>\
                <token expiry='2026-12-18T18:45:00Z' xmlns='urn:xmpp:fast:0' token='secret-token:fast-j4kG'/>\
                <authorization-identifier>alice@localhost/xmppd~Uk5h3wclxrRq</authorization-identifier></success>""");
        Sasl2ServerMessage.Success success = (Sasl2ServerMessage.Success) Sasl2ServerMessage.parse(element)
                .orElseThrow();
        assertThat(success.authorizationIdentifier()).isEqualTo("alice@localhost/xmppd~Uk5h3wclxrRq");
        assertThat(new String(success.additionalData(), StandardCharsets.UTF_8)).isEqualTo("v=psMr5D");
        Bind2.Bound bound = (Bind2.Bound) Bind2.resultIn(success.element()).orElseThrow();
        assertThat(bound.resultIn("urn:xmpp:carbons:2")).isPresent();
        Fast.Token token = Fast.tokenIn(success.element(), "HT-SHA-256-NONE").orElseThrow();
        assertThat(token.secret()).isEqualTo("secret-token:fast-j4kG");
        assertThat(token.expiry()).isEqualTo(Instant.parse("2026-12-18T18:45:00Z"));
        assertThat(token.toString()).doesNotContain("secret-token");
    }

    @Test
    void successWithoutIdentifierIsMalformed() {
        assertThatThrownBy(() -> Sasl2ServerMessage.parse(Xml.parse("<success xmlns='urn:xmpp:sasl:2'/>")))
                .isInstanceOf(SaslException.class);
    }

    @Test
    void failureAndContinueAsInXep0388() throws SaslException {
        Sasl2ServerMessage failure = Sasl2ServerMessage.parse(Xml.parse("""
                <failure xmlns='urn:xmpp:sasl:2'>
                  <aborted xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>
                  <optional-application-specific xmlns='urn:something:else'/>
                  <text>This is a terrible example.</text>
                </failure>""")).orElseThrow();
        assertThat(failure).isEqualTo(new Sasl2ServerMessage.Failure(SaslFailureCondition.ABORTED,
                java.util.Optional.of("This is a terrible example.")));
        Sasl2ServerMessage next = Sasl2ServerMessage.parse(Xml.parse("""
                <continue xmlns='urn:xmpp:sasl:2'>
                  <additional-data>SSdtIGJvcmVkIG5vdy4=</additional-data>
                  <tasks><task>HOTP-EXAMPLE</task><task>TOTP-EXAMPLE</task></tasks>
                  <text>This account requires 2FA</text>
                </continue>""")).orElseThrow();
        assertThat(next).isEqualTo(new Sasl2ServerMessage.Continue(List.of("HOTP-EXAMPLE", "TOTP-EXAMPLE"),
                java.util.Optional.of("This account requires 2FA")));
        assertThat(Sasl2ServerMessage.parse(Xml.parse("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")))
                .isEmpty();
    }

    @Test
    void bindFailure() {
        Element success = Xml.parse("""
                <success xmlns='urn:xmpp:sasl:2'><failed xmlns='urn:xmpp:bind:0'><error type='cancel'>\
                <conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></failed>\
                <authorization-identifier>alice@localhost</authorization-identifier></success>""");
        assertThat(Bind2.resultIn(success)).contains(new Bind2.Failed("conflict"));
    }

    @Test
    void fastUseAndExpiredTokens() {
        assertThat(Fast.usingToken(false)).isEqualTo(Xml.parse("<fast xmlns='urn:xmpp:fast:0'/>"));
        assertThat(Fast.usingToken(true).attribute("invalidate")).contains("true");
        Fast.Token token = new Fast.Token("HT-SHA-256-NONE", "s", Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(token.expiredAt(Instant.parse("2026-01-01T00:00:00Z"))).isTrue();
        assertThat(token.expiredAt(Instant.parse("2025-12-31T23:59:59Z"))).isFalse();
    }
}
