package dev.xmppd.daemon;

import static dev.xmppd.daemon.StatusChecks.HOLD;
import static dev.xmppd.daemon.StatusChecks.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong password: the account stops in {@code auth-failed} and does not hammer the server (a retry loop would
 * get the account locked by many servers) until the user changes it.
 */
class AuthFailureTest {

    @TempDir
    Path dir;

    @BothServers
    void aWrongPasswordStopsInAuthFailedWithoutRetryingUntilTheAccountIsReplaced(XmppServer server) {
        Account alice = server.newAccount("wrongpw");
        Account wrong = new Account(alice.user(), alice.domain(), "not-" + alice.password());
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            addWithWrongPassword(daemon, server, wrong);
            assertThat(server.awaitAuthFailures(alice.user(), 1, Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);
            StatusChecks.holds(HOLD, () -> {
                assertThat(daemon.state(alice.jid())).isEqualTo("auth-failed");
                assertThat(server.authFailures(alice.user())).as("failed logins on the server").isLessThanOrEqualTo(2);
            });
            assertThat(server.authSuccesses(alice.user())).isZero();
            assertNoSecret(daemon, alice.jid(), wrong.password());

            assertThat(daemon.call("account.remove", Map.of("jid", alice.jid())).path("removed").asBoolean()).isTrue();
            daemon.addAccount(server, alice);

            JsonNode online = daemon.awaitState(alice.jid(), "online", LOGIN);
            assertThat(online.path("lastError").isNull()).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.authSuccesses(alice.user()) == 1);
        }
    }

    @BothServers
    void disableAndEnableRetriesOnceTheServerAcceptsTheStoredPassword(XmppServer server) {
        Account bob = server.newAccount("wrongpw");
        Account stored = new Account(bob.user(), bob.domain(), "changed-" + bob.password());
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            addWithWrongPassword(daemon, server, stored);

            server.register(bob.user(), stored.password());
            daemon.call("account.disable", Map.of("jid", bob.jid()));
            assertThat(daemon.state(bob.jid())).isEqualTo("disabled");
            daemon.call("account.enable", Map.of("jid", bob.jid()));

            assertThat(daemon.awaitState(bob.jid(), "online", LOGIN).path("lastError").isNull()).isTrue();
            // The server writes its log asynchronously: wait for the one failure rather than read it once.
            assertThat(server.awaitAuthFailures(bob.user(), 1, Duration.ofSeconds(10))).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.authSuccesses(bob.user()) == 1);
            assertThat(server.authFailures(bob.user())).as("failed logins after the success").isEqualTo(1);
            assertNoSecret(daemon, bob.jid(), stored.password());
        }
    }

    /** Adds the account with a password the server refuses: auth-failed, with an error that never shows it. */
    private static void addWithWrongPassword(RunningDaemon daemon, XmppServer server, Account wrong) {
        daemon.addAccount(server, wrong);
        JsonNode status = StatusChecks.awaitError(daemon, wrong.jid(), "auth-failed", "auth-failed: ", LOGIN);
        assertThat(status.path("lastError").asText()).contains("check the password").doesNotContain(wrong.password());
    }

    /** Neither the control API nor the recorded XML (with PLAIN, the password's base64) shows the password. */
    private static void assertNoSecret(RunningDaemon daemon, String jid, String password) {
        String base64 = java.util.Base64.getEncoder().encodeToString(password.getBytes());
        assertThat(daemon.call("status").toString()).doesNotContain(password);
        assertThat(daemon.call("account.list").toString()).doesNotContain(password);
        assertThat(daemon.transcript(jid)).extracting(Transcript.Entry::xml)
                .noneMatch(xml -> xml.contains(password) || xml.contains(base64));
    }
}
