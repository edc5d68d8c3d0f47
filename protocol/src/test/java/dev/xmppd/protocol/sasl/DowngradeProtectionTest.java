package dev.xmppd.protocol.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.sasl.SaslException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** XEP-0474 §5.3, the full example: SCRAM-SHA-1-PLUS over SASL2 with XEP-0440 channel-binding types. */
class DowngradeProtectionTest {

    private static final String CLIENT_NONCE = "12C4CD5C-E38E-4A98-8F6D-15C38F51CCC6";
    private static final String SERVER_FIRST = "r=12C4CD5C-E38E-4A98-8F6D-15C38F51CCC6a09117a6-ac50-4f2f-93f1-"
            + "93799c2bddf6,s=QSXCR+Q6sek8bf92,i=4096,h=G6k/rBLDqgOhRRaCuuatSDFkJ08=";
    private static final ChannelBinding FAKE_CB =
            new ChannelBinding(ChannelBinding.TLS_EXPORTER, "THIS IS FAKE CB DATA".getBytes(StandardCharsets.UTF_8));

    private static final DowngradeProtection ADVERTISED = new DowngradeProtection(
            List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"), Optional.of(List.of("tls-server-end-point", "tls-exporter")));

    @Test
    void hashOfTheExampleLists() {
        assertThat(ADVERTISED.hashInput())
                .isEqualTo("SCRAM-SHA-1\u001eSCRAM-SHA-1-PLUS\u001ftls-exporter\u001etls-server-end-point");
        assertThat(ADVERTISED.hash(ScramAlgorithm.SHA_1)).isEqualTo("G6k/rBLDqgOhRRaCuuatSDFkJ08=");
    }

    @Test
    void withoutXep0440OnlyTheMechanismsAreHashed() {
        DowngradeProtection mechanismsOnly = new DowngradeProtection(List.of("SCRAM-SHA-256", "PLAIN"),
                Optional.empty());
        assertThat(mechanismsOnly.hashInput()).isEqualTo("PLAIN\u001eSCRAM-SHA-256");
    }

    @Test
    void theListsAsAdvertisedAreAccepted() throws SaslException {
        ScramMechanism scram = scram().protectAgainstDowngrade(ADVERTISED);
        assertThat(new String(scram.initialResponse(), StandardCharsets.UTF_8))
                .isEqualTo("p=tls-exporter,,n=user,r=" + CLIENT_NONCE);
        String clientFinal = new String(scram.evaluateChallenge(SERVER_FIRST.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        // The c= attribute of the example: base64 of the GS2 header and the fake binding data.
        assertThat(clientFinal).startsWith("c=cD10bHMtZXhwb3J0ZXIsLFRISVMgSVMgRkFLRSBDQiBEQVRB,r=" + CLIENT_NONCE);
    }

    @Test
    void aStrippedChannelBindingListIsRefused() {
        ScramMechanism scram = scram().protectAgainstDowngrade(new DowngradeProtection(
                List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"), Optional.of(List.of("tls-server-end-point"))));
        scram.initialResponse();
        assertThatThrownBy(() -> scram.evaluateChallenge(SERVER_FIRST.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(SaslException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.DOWNGRADE_DETECTED));
    }

    @Test
    void aStrippedMechanismListIsRefused() {
        ScramMechanism scram = scram().protectAgainstDowngrade(new DowngradeProtection(
                List.of("SCRAM-SHA-1"), Optional.of(List.of("tls-server-end-point", "tls-exporter"))));
        scram.initialResponse();
        assertThatThrownBy(() -> scram.evaluateChallenge(SERVER_FIRST.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(SaslException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.DOWNGRADE_DETECTED));
    }

    @Test
    void aServerWithoutTheHashIsNotChecked() throws SaslException {
        ScramMechanism scram = scram().protectAgainstDowngrade(new DowngradeProtection(List.of("SCRAM-SHA-1"),
                Optional.empty()));
        scram.initialResponse();
        String withoutHash = SERVER_FIRST.substring(0, SERVER_FIRST.indexOf(",h="));
        assertThat(scram.evaluateChallenge(withoutHash.getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    }

    private static ScramMechanism scram() {
        return ScramMechanism.withBinding(ScramAlgorithm.SHA_1, "user", "pencil", FAKE_CB, () -> CLIENT_NONCE);
    }
}
