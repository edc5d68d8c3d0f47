package dev.xmppd.protocol.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.sasl.SaslException.Reason;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HT-SHA-256 (XEP-0484 §3.3). The vector was recorded from Prosody's mod_sasl2_fast: a token it issued, the
 * initial response it accepted and the additional data of its {@code <success/>}.
 */
class HtMechanismTest {

    private static final String TOKEN = "secret-token:fast-j4kGLZpdg0h1EFUtwUJT5kheSR9HnuVklhui";
    private static final ChannelBinding EXPORTER = new ChannelBinding(ChannelBinding.TLS_EXPORTER, new byte[32]);

    @Test
    void noneAsProsodyAcceptedIt() throws SaslException {
        HtMechanism ht = HtMechanism.create("HT-SHA-256-NONE", "alice", TOKEN, List.of());
        assertThat(Base64.getEncoder().encodeToString(ht.initialResponse()))
                .isEqualTo("YWxpY2UA0W0amJ2U4DSxsj+j0KrLdXNTwG+/IdpF8C1ZsCq+5Bg=");
        assertThat(ht.isComplete()).isFalse();
        ht.verifySuccess(Base64.getDecoder().decode("xdzUrpcc8vc2uhyXa+bsZjiMy18GQDWMJAO4o21pny4="));
        assertThat(ht.isComplete()).isTrue();
    }

    @Test
    void aWrongOrMissingServerProofIsRefused() {
        HtMechanism ht = HtMechanism.create("HT-SHA-256-NONE", "alice", TOKEN, List.of());
        ht.initialResponse();
        assertThatThrownBy(() -> ht.verifySuccess(new byte[32])).isInstanceOfSatisfying(SaslException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_SIGNATURE_INVALID));
        assertThatThrownBy(() -> ht.verifySuccess(new byte[0])).isInstanceOfSatisfying(SaslException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_SERVER_FINAL));
        assertThat(ht.isComplete()).isFalse();
    }

    @Test
    void bindingChangesTheResponse() {
        byte[] none = HtMechanism.create("HT-SHA-256-NONE", "alice", TOKEN, List.of()).initialResponse();
        byte[] bound = HtMechanism.create("HT-SHA-256-EXPR", "alice", TOKEN, List.of(EXPORTER)).initialResponse();
        assertThat(bound).hasSameSizeAs(none).isNotEqualTo(none);
    }

    @Test
    void strongestUsableMechanismIsChosen() {
        List<String> prosody = List.of("HT-SHA-256-NONE", "HT-SHA-256-EXPR");
        assertThat(HtMechanism.choose(prosody, List.of(EXPORTER))).contains("HT-SHA-256-EXPR");
        assertThat(HtMechanism.choose(prosody, List.of())).contains("HT-SHA-256-NONE");
        assertThat(HtMechanism.choose(List.of("HT-SHA-256-ENDP"), List.of(EXPORTER))).isEmpty();
        assertThat(HtMechanism.usable("HT-SHA-256-EXPR", List.of())).isFalse();
        assertThatThrownBy(() -> HtMechanism.create("HT-SHA-256-EXPR", "alice", TOKEN, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
