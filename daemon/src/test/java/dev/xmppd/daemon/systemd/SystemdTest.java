package dev.xmppd.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify(3) as systemd reads it: the datagrams, the abstract namespace, the watchdog period. */
class SystemdTest {

    @TempDir
    Path dir;

    @Test
    void withoutNotifySocketEverythingIsANoOp() {
        Systemd systemd = Systemd.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"), 1);
        assertThat(systemd.enabled()).isFalse();
        assertThat(systemd.watchdogInterval()).isEmpty();
        systemd.ready();
        systemd.stopping();
    }

    @Test
    void messagesArriveAsDatagramsOnAPathSocket() throws Exception {
        try (NotifyListener listener = new NotifyListener(dir.resolve("notify"))) {
            Systemd systemd = Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", listener.path().toString(),
                    "WATCHDOG_USEC", "3000000"), 42);
            assertThat(systemd.watchdogInterval()).contains(Duration.ofMillis(1500));
            systemd.ready();
            systemd.status("1 of 2 accounts online");
            systemd.watchdog();
            systemd.reloading(123);
            systemd.extendTimeout(Duration.ofSeconds(5));
            systemd.stopping();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages().size() == 6);
            assertThat(listener.messages()).containsExactly("READY=1", "STATUS=1 of 2 accounts online",
                    "WATCHDOG=1", "RELOADING=1\nMONOTONIC_USEC=123", "EXTEND_TIMEOUT_USEC=5000000", "STOPPING=1");
        }
    }

    @Test
    void anAbstractSocketNameStartsWithAt() throws Exception {
        String name = "xmppd-test-" + UUID.randomUUID();
        // python3 binds "\0name" (the abstract namespace) and prints what it receives, one datagram per line.
        Process receiver = new ProcessBuilder("python3", "-u", "-c", """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind('\\0' + sys.argv[1])
                print('bound')
                for _ in range(2):
                    print(s.recv(4096).decode().replace('\\n', '|'))
                """, name).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("bound");
            Systemd systemd = Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), 1);
            systemd.ready();
            systemd.status("0 of 0 accounts online");
            List<String> lines = new ArrayList<>(List.of(out.readLine(), out.readLine()));
            assertThat(lines).containsExactly("READY=1", "STATUS=0 of 0 accounts online");
        } finally {
            assertThat(receiver.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theWatchdogIsOursOnlyWhenWatchdogPidNamesUs() {
        assertThat(Systemd.watchdogInterval(Map.of("WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "7"), 7))
                .contains(Duration.ofSeconds(10));
        assertThat(Systemd.watchdogInterval(Map.of("WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "8"), 7)).isEmpty();
        assertThat(Systemd.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), 7)).isEmpty();
        assertThat(Systemd.watchdogInterval(Map.of(), 7)).isEmpty();
    }

    @Test
    void badSocketAddressesAreRefusedWithTheReason() throws IOException {
        assertThatThrownBy(() -> NotifySocket.address("relative/notify")).hasMessageContaining("absolute path or start with @");
        assertThatThrownBy(() -> NotifySocket.address("/" + "x".repeat(120))).hasMessageContaining("longer than 107 bytes");
        byte[] path = NotifySocket.address("/run/systemd/notify");
        assertThat(path).hasSize(2 + "/run/systemd/notify".length() + 1);
        byte[] abstractName = NotifySocket.address("@notify");
        assertThat(abstractName).hasSize(2 + "@notify".length());
        assertThat(abstractName[2]).isZero();
        // Not started by systemd with a usable socket: no notifier, the daemon runs on.
        assertThat(Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative"), 1).enabled()).isFalse();
    }
}
