package dev.xmppd.protocol.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {

    private static final List<String> EJABBERD = List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256",
            "SCRAM-SHA-256-PLUS", "SCRAM-SHA-512", "SCRAM-SHA-512-PLUS", "PLAIN");
    private static final Optional<ChannelBinding> EXPORTER =
            Optional.of(new ChannelBinding(ChannelBinding.TLS_EXPORTER, new byte[] {9, 9}));

    @Test
    void strongestFirst() {
        assertThat(SaslMechanisms.choose(EJABBERD, true, EXPORTER)).contains("SCRAM-SHA-512-PLUS");
        assertThat(SaslMechanisms.choose(EJABBERD, true, Optional.empty())).contains("SCRAM-SHA-512");
        assertThat(SaslMechanisms.choose(List.of("PLAIN", "SCRAM-SHA-1"), true, Optional.empty()))
                .contains("SCRAM-SHA-1");
        assertThat(SaslMechanisms.choose(List.of("SCRAM-SHA-1-PLUS", "SCRAM-SHA-256"), true, EXPORTER))
                .contains("SCRAM-SHA-1-PLUS");
    }

    @Test
    void plusOnlyWithABindingTypeTheServerAccepts() {
        assertThat(SaslMechanisms.choose(EJABBERD, true, EXPORTER, List.of("tls-server-end-point")))
                .contains("SCRAM-SHA-512");
        assertThat(SaslMechanisms.choose(EJABBERD, true, EXPORTER, List.of("tls-server-end-point", "tls-exporter")))
                .contains("SCRAM-SHA-512-PLUS");
        assertThat(SaslMechanisms.choose(EJABBERD, false, EXPORTER)).contains("SCRAM-SHA-512");
    }

    @Test
    void plainOnlyOverTls() {
        assertThat(SaslMechanisms.choose(List.of("PLAIN"), false, Optional.empty())).isEmpty();
        assertThat(SaslMechanisms.choose(List.of("PLAIN"), true, Optional.empty())).contains("PLAIN");
        assertThat(SaslMechanisms.choose(List.of("DIGEST-MD5", "X-OAUTH2"), true, Optional.empty())).isEmpty();
    }

    @Test
    void createPicksTheGs2Flag() {
        String y = first(SaslMechanisms.create("SCRAM-SHA-256", "u", "p", EXPORTER, List.of("SCRAM-SHA-256")));
        String n = first(SaslMechanisms.create("SCRAM-SHA-256", "u", "p", EXPORTER, EJABBERD));
        String none = first(SaslMechanisms.create("SCRAM-SHA-256", "u", "p", Optional.empty(), EJABBERD));
        String p = first(SaslMechanisms.create("SCRAM-SHA-256-PLUS", "u", "p", EXPORTER, EJABBERD));
        assertThat(y).startsWith("y,,");
        assertThat(n).startsWith("n,,");
        assertThat(none).startsWith("n,,");
        assertThat(p).startsWith("p=tls-exporter,,");
        assertThatThrownBy(() -> SaslMechanisms.create("SCRAM-SHA-256-PLUS", "u", "p", Optional.empty(), EJABBERD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SaslMechanisms.negotiate(EJABBERD, true, EXPORTER, List.of(), "u", "p"))
                .map(SaslMechanism::name).contains("SCRAM-SHA-512-PLUS");
    }

    @Test
    void plainEncoding() {
        PlainMechanism plain = new PlainMechanism("juliet", "r0m30");
        assertThat(plain.initialResponse())
                .isEqualTo("\0juliet\0r0m30".getBytes(StandardCharsets.UTF_8));
        assertThat(plain.name()).isEqualTo("PLAIN");
        assertThatThrownBy(() -> plain.evaluateChallenge(new byte[0])).isInstanceOf(SaslException.class);
    }

    private static String first(SaslMechanism m) {
        return new String(m.initialResponse(), StandardCharsets.UTF_8);
    }
}
