package dev.xmppd.daemon;

import static dev.xmppd.daemon.StatusChecks.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.EjabberdServer;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServers;
import java.nio.file.Path;
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

            JsonNode removed = daemon.call("account.remove", Map.of("jid", first.jid()));
            assertThat(removed.path("removed").asBoolean()).as("account.remove answer %s", removed).isTrue();
            online.remove(first.jid());
            assertThat(StatusChecks.listed(daemon)).containsExactlyInAnyOrder(second.jid(), third.jid());
            assertThat(daemon.call("account.list").toString()).doesNotContain(first.jid());
            Consumer<RunningDaemon> othersUntouched = StatusChecks.unchanged(online);
            othersUntouched.accept(daemon);
        }
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
