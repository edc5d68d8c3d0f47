package dev.xmppd.daemon;

import static dev.xmppd.daemon.StatusChecks.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.EjabberdServer;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServers;
import dev.xmppd.daemon.config.ReconnectSettings;
import dev.xmppd.daemon.net.Transcript;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several accounts on two servers in one daemon: one account's removal or trouble never touches the others. */
@ExtendWith(XmppServers.class)
class MultiAccountTest {

    @TempDir
    Path dir;

    @Test
    void accountsOnTwoServersComeAndGoAlone(ProsodyServer prosody, EjabberdServer ejabberd) {
        // Both servers serve "localhost": distinct prefixes keep the bare JIDs apart.
        Account first = prosody.newAccount("prosodyfirst");
        Account second = prosody.newAccount("prosodysecond");
        Account third = ejabberd.newAccount("ejabberdthird");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.addAccount(prosody, first);
            daemon.addAccount(prosody, second);
            daemon.addAccount(ejabberd, third);
            Map<String, JsonNode> online = new LinkedHashMap<>();
            for (Account account : List.of(first, second, third)) {
                online.put(account.jid(), daemon.awaitState(account.jid(), "online", LOGIN));
            }
            assertThat(online.get(third.jid()).path("server").asText()).endsWith(":" + ejabberd.starttlsPort());
            // No resource configured: the bind asks for none and the server assigns one (RFC 6120 §7.6.1).
            online.forEach((jid, status) -> {
                assertThat(status.path("boundJid").asText()).as("bound JID of %s", jid).startsWith(jid + "/")
                        .hasSizeGreaterThan(jid.length() + 1);
                assertThat(daemon.transcript(jid)).filteredOn(e -> e.direction() == Transcript.Direction.SENT)
                        .extracting(Transcript.Entry::xml).filteredOn(xml -> xml.contains("xmpp-bind"))
                        .isNotEmpty().noneMatch(xml -> xml.contains("<resource"));
            });

            JsonNode removed = daemon.call("account.remove", Map.of("jid", first.jid()));
            assertThat(removed.path("removed").asBoolean()).as("account.remove answer %s", removed).isTrue();
            online.remove(first.jid());
            assertThat(StatusChecks.listed(daemon)).containsExactlyInAnyOrder(second.jid(), third.jid());
            assertThat(daemon.call("account.list").toString()).doesNotContain(first.jid());
            // Not just at the answer: the removed account's stream closing after it must not disturb the others.
            Consumer<RunningDaemon> othersUntouched = StatusChecks.unchanged(online);
            StatusChecks.holds(RunningDaemon.FAST_RECONNECT.maxBackoff(), () -> othersUntouched.accept(daemon));
        }
    }

    /**
     * {@code reconnect.parallel-logins = 1}: accounts added together log in one after another, each starting its
     * stream only after the one before sent its initial presence, and all come online.
     */
    @Test
    void loginsTakeTurnsUnderTheParallelLoginLimit(ProsodyServer prosody, EjabberdServer ejabberd) {
        List<Account> accounts = List.of(prosody.newAccount("prosodyturn1"), ejabberd.newAccount("ejabberdturn2"),
                prosody.newAccount("prosodyturn3"), ejabberd.newAccount("ejabberdturn4"));
        ReconnectSettings oneAtATime = new ReconnectSettings(RunningDaemon.FAST_RECONNECT.minBackoff(),
                RunningDaemon.FAST_RECONNECT.maxBackoff(), 1);
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(), oneAtATime)) {
            for (Account account : accounts) {
                daemon.addAccount(account.jid().startsWith("prosody") ? prosody : ejabberd, account);
            }
            for (Account account : accounts) {
                daemon.awaitState(account.jid(), "online", LOGIN);
            }
            List<Instant[]> logins = accounts.stream().map(a -> loginWindow(daemon.transcript(a.jid())))
                    .sorted(Comparator.comparing((Instant[] w) -> w[0])).toList();
            for (int i = 1; i < logins.size(); i++) {
                assertThat(logins.get(i)[0]).as("login %d starts after login %d sent its presence", i, i - 1)
                        .isAfterOrEqualTo(logins.get(i - 1)[1]);
            }
        }
    }

    /** From the first element sent to the initial presence. */
    private static Instant[] loginWindow(List<Transcript.Entry> transcript) {
        List<Transcript.Entry> sent = transcript.stream()
                .filter(e -> e.direction() == Transcript.Direction.SENT).toList();
        Instant presence = sent.stream().filter(e -> e.element().map(el -> el.name().equals("presence")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no initial presence in " + sent)).at();
        return new Instant[] {sent.getFirst().at(), presence};
    }

    @Test
    void aMisconfiguredAccountStaysInBackoffWithoutDisturbingTheOthers(ProsodyServer prosody,
                                                                       EjabberdServer ejabberd) {
        Account good = prosody.newAccount("prosodygood");
        Account other = ejabberd.newAccount("ejabberdgood");
        Account misconfigured = prosody.newAccount("prosodywrongport");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            daemon.addAccount(prosody, good);
            daemon.addAccount(ejabberd, other);
            Map<String, JsonNode> online = Map.of(good.jid(), daemon.awaitState(good.jid(), "online", LOGIN),
                    other.jid(), daemon.awaitState(other.jid(), "online", LOGIN));

            daemon.addAccount(prosody, misconfigured, Map.of("port", StatusChecks.refusingPort()));
            StatusChecks.awaitError(daemon, misconfigured.jid(), "backoff", "connection-refused: ", LOGIN);

            Consumer<RunningDaemon> othersUntouched = StatusChecks.unchanged(online);
            StatusChecks.holds(StatusChecks.HOLD, () -> {
                assertThat(daemon.state(misconfigured.jid())).isIn("backoff", "connecting");
                othersUntouched.accept(daemon);
            });
            assertThat(prosody.authFailures(misconfigured.user())).isZero();
        }
    }
}
