package dev.xmppd.daemon;

import static dev.xmppd.daemon.StatusChecks.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.ServerCertificate;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates the daemon must refuse before it sends any credential (RFC 7590 §3, RFC 6125), and the pin that
 * lets a user vouch for exactly one self-signed certificate.
 */
class CertificateFailureTest {

    @TempDir
    Path dir;

    @BothServers
    void aSelfSignedCertificateWithoutTrustSettingsIsRefused(XmppServer server) {
        Account alice = server.newAccount("untrusted");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.call("account.add", StatusChecks.withoutTrust(server, alice));

            String error = refused(daemon, server, alice);
            assertThat(error).contains("no authority we trust signed it").contains("self-signed")
                    .contains("set a trusted certificate or pin");
        }
    }

    @BothServers
    void aPinIsEnoughForASelfSignedCertificate(XmppServer server) {
        Account alice = server.newAccount("pinned");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.call("account.add", StatusChecks.pinned(server, alice, server.certificateSha256()));

            assertThat(daemon.awaitState(alice.jid(), "online", LOGIN).path("lastError").isNull()).isTrue();
        }
    }

    @BothServers
    void aPinOfAnotherCertificateIsRefused(XmppServer server) {
        Account alice = server.newAccount("wrongpin");
        String otherPin = "00".repeat(32);
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.call("account.add", StatusChecks.pinned(server, alice, otherPin));

            assertThat(refused(daemon, server, alice)).contains("does not match the pinned one")
                    .contains(server.certificateSha256());
        }
    }

    @Nested
    @ServerCertificate("other.example")
    class WithACertificateForAnotherName {

        @BothServers
        void aTrustedCertificateForAnotherNameIsRefused(XmppServer server) {
            Account alice = server.newAccount("mismatch");
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
                daemon.addAccount(server, alice);

                String error = refused(daemon, server, alice);
                assertThat(server.certificateName()).isEqualTo("other.example");
                assertThat(error).contains("issued for another name than the XMPP domain").contains("localhost");
            }
        }

        @BothServers
        void thePinnedCertificateIsAcceptedWhateverItsName(XmppServer server) {
            Account alice = server.newAccount("pinnedother");
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
                daemon.call("account.add", StatusChecks.pinned(server, alice, server.certificateSha256()));

                daemon.awaitState(alice.jid(), "online", LOGIN);
            }
        }
    }

    /** The account stops in {@code error} with certificate-invalid, never having tried to log in; its lastError. */
    private static String refused(RunningDaemon daemon, XmppServer server, Account account) {
        JsonNode status = StatusChecks.awaitError(daemon, account.jid(), "error", "certificate-invalid: ", LOGIN);
        assertThat(LoginTest.recapSteps(daemon.transcript(account.jid()))).doesNotContain("auth");
        assertThat(server.authFailures(account.user())).isZero();
        assertThat(server.authSuccesses(account.user())).isZero();
        return status.path("lastError").asText();
    }
}
