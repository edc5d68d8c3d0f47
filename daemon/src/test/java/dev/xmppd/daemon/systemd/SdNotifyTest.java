package dev.xmppd.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.Guardian;
import dev.xmppd.daemon.RunningDaemon;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon under a (test) systemd: NOTIFY_SOCKET is a datagram socket this test listens on, and the daemon
 * says READY once it serves, STATUS as its account comes online, WATCHDOG=1 while it runs, and STOPPING last.
 */
@ExtendWith(XmppServers.class)
class SdNotifyTest {

    @TempDir
    Path dir;

    @Test
    void readyStatusWatchdogStoppingInOrder(ProsodyServer prosody) throws Exception {
        Account account = prosody.newAccount("notify");
        try (NotifyListener systemd = new NotifyListener(dir.resolve("notify"))) {
            Systemd notifier = Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path().toString(),
                    "WATCHDOG_USEC", "200000"), ProcessHandle.current().pid());
            assertThat(notifier.watchdogInterval()).contains(Duration.ofMillis(100));
            try (RunningDaemon daemon = RunningDaemon.start(dir.resolve("daemon"), List.of(),
                    new Guardian.Operations(notifier, Guardian.Operations.none().config()))) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(systemd.messages()).startsWith("READY=1", "STATUS=0 of 0 accounts online"));
                daemon.addAccount(prosody, account);
                daemon.awaitState(account.jid(), "online", Duration.ofSeconds(30));
                Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> systemd.messages().contains("STATUS=1 of 1 accounts online"));
                long pings = systemd.messages().stream().filter("WATCHDOG=1"::equals).count();
                Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> systemd.messages().stream().filter("WATCHDOG=1"::equals).count() >= pings + 3);
            }
            List<String> messages = systemd.messages();
            assertThat(messages.getFirst()).isEqualTo("READY=1");
            assertThat(messages.getLast()).isEqualTo("STOPPING=1");
            int ready = messages.indexOf("READY=1");
            int status = messages.indexOf("STATUS=1 of 1 accounts online");
            int watchdog = messages.subList(status, messages.size()).indexOf("WATCHDOG=1") + status;
            int stopping = messages.indexOf("STOPPING=1");
            assertThat(List.of(ready, status, watchdog, stopping)).as("order in %s", messages).isSorted();
            assertThat(status).isGreaterThan(ready);
            assertThat(watchdog).isGreaterThan(status);
            assertThat(stopping).isEqualTo(messages.size() - 1);
        }
    }
}
