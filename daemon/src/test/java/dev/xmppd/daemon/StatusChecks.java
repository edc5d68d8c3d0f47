package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.XmppServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;

/** What the failure tests ask of a {@link RunningDaemon}: states with their errors, and states that must hold. */
final class StatusChecks {

    /** Several times {@link RunningDaemon#FAST_RECONNECT}'s longest wait: long enough to see a retry loop. */
    static final Duration HOLD = RunningDaemon.FAST_RECONNECT.maxBackoff().multipliedBy(4);
    static final Duration LOGIN = Duration.ofSeconds(30);

    private StatusChecks() {
    }

    /** Waits for {@code state} with a lastError containing {@code fragment}; returns the status entry. */
    static JsonNode awaitError(RunningDaemon daemon, String jid, String state, String fragment, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JsonNode status = daemon.status(jid);
            assertThat(status.path("state").asText()).as("state of %s (status: %s)", jid, status).isEqualTo(state);
            assertThat(status.path("lastError").asText()).as("lastError of %s", jid).contains(fragment);
        });
        return daemon.status(jid);
    }

    /** Fails unless {@code check} passes on every poll for the whole {@code window} (a bounded negative check). */
    static void holds(Duration window, Runnable check) {
        Awaitility.await().during(window).atMost(window.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(check::run);
    }

    /** The account's state stays one of {@code states} for the whole {@code window}. */
    static void holdsState(RunningDaemon daemon, String jid, Duration window, String... states) {
        holds(window, () -> assertThat(daemon.state(jid)).as("state of %s", jid).isIn((Object[]) states));
    }

    /** The accounts stay online without reconnecting: their {@code since} does not move. */
    static Consumer<RunningDaemon> unchanged(Map<String, JsonNode> online) {
        return daemon -> online.forEach((jid, before) -> {
            JsonNode now = daemon.status(jid);
            assertThat(now.path("state").asText()).as("state of %s", jid).isEqualTo("online");
            assertThat(now.path("since").asText()).as("since of %s", jid).isEqualTo(before.path("since").asText());
        });
    }

    /** account.add parameters for a testbed account with no certificate trust settings. */
    static Map<String, Object> withoutTrust(XmppServer server, Account account) {
        return new HashMap<>(Map.of("jid", account.jid(), "password", account.password(), "host", server.host(),
                "port", server.starttlsPort()));
    }

    /** account.add parameters trusting exactly the certificate with this SHA-256 {@code pin}. */
    static Map<String, Object> pinned(XmppServer server, Account account, String pin) {
        Map<String, Object> params = withoutTrust(server, account);
        params.put("pin", pin);
        return params;
    }

    /** The JIDs {@code status} lists. */
    static List<String> listed(RunningDaemon daemon) {
        return StreamSupport.stream(daemon.call("status").path("accounts").spliterator(), false)
                .map(a -> a.path("jid").asText()).toList();
    }

    /** A loopback port nothing listens on: connecting to it is refused. */
    static int refusingPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
