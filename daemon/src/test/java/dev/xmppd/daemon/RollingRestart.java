package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.StoreSettings;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.SlixmppPeer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Part of {@link ClusterTest}: every node in turn is stopped with SIGTERM (exit 0), started again and waited for
 * until it is up in a stable cluster of all nodes; after each step every account is online exactly once. The
 * slixmpp peer sends messages to the accounts of the stopping node while it hands them over; at the end each one
 * is archived exactly once. The moved accounts resume their XEP-0198 sessions on the other nodes (status login.path).
 */
final class RollingRestart {
    private static final int MESSAGES_PER_STEP = 100;
    private static final Duration STEP = Duration.ofSeconds(90);

    /** Starts node {@code index} again. */
    interface Starter {
        DaemonProcess start(int index) throws IOException;
    }

    private final List<DaemonProcess> nodes;
    private final List<Account> accounts;
    private final SlixmppPeer peer;
    private final StoreSettings.Postgresql store;
    private final Starter starter;

    RollingRestart(List<DaemonProcess> nodes, List<Account> accounts, SlixmppPeer peer,
                   StoreSettings.Postgresql store, Starter starter) {
        this.nodes = nodes;
        this.accounts = accounts;
        this.peer = peer;
        this.store = store;
        this.starter = starter;
    }

    void run() throws Exception {
        int sent = 0;
        Map<String, Integer> loginPaths = new TreeMap<>();
        for (int index = 0; index < nodes.size(); index++) {
            String name = "node-" + index;
            DaemonProcess other = nodes.get((index + 1) % nodes.size());
            Map<String, String> before = ClusterTest.awaitAllOnline(other, accounts, List.of(), STEP);
            List<String> moving = before.entrySet().stream().filter(e -> e.getValue().equals(name))
                    .map(Map.Entry::getKey).sorted().toList();
            long start = System.nanoTime();
            DaemonProcess stopping = nodes.get(index);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return stopping.terminate(Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            sent += sendTo(moving, index);
            assertThat(exit.get(90, TimeUnit.SECONDS)).as("exit code of %s after SIGTERM", name).isZero();
            Map<String, String> moved = ClusterTest.awaitAllOnline(other, accounts, List.of(name), STEP);
            long away = System.nanoTime();
            nodes.set(index, starter.start(index));
            awaitStable(nodes.get(index));
            Map<String, String> after = ClusterTest.awaitAllOnline(nodes.get(index), accounts, List.of(), STEP);
            countLogins(other, moving, loginPaths);
            System.out.printf("cluster: rolling restart of %s: its %d accounts online on the others %d ms after"
                            + " SIGTERM, back in the cluster %d ms later; before %s, moved %s, after %s%n", name,
                    moving.size(), (away - start) / 1_000_000, (System.nanoTime() - away) / 1_000_000,
                    ClusterTest.countByNode(before), ClusterTest.countByNode(moved), ClusterTest.countByNode(after));
        }
        System.out.printf("cluster: rolling restart: login paths of the moved accounts %s%n", loginPaths);
        assertThat(loginPaths.keySet()).as("moved accounts resumed their XEP-0198 sessions (a cluster keeps them)")
                .allMatch(path -> path.contains("resumed"));
        int expected = sent;
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(ClusterTest.archivedPerMessage(store, "rolling-")).hasSize(expected));
        assertThat(ClusterTest.archivedPerMessage(store, "rolling-")).as("(account, body) archived more than once")
                .allSatisfy((message, count) -> assertThat(count).as(message).isEqualTo(1L));
    }

    /** {@value MESSAGES_PER_STEP} messages over the accounts that are moving, bodies unique per account. */
    private int sendTo(List<String> moving, int step) {
        int sent = 0;
        for (int i = 0; i < moving.size(); i++) {
            int count = MESSAGES_PER_STEP / moving.size() + (i < MESSAGES_PER_STEP % moving.size() ? 1 : 0);
            if (count > 0) {
                String prefix = "rolling-" + step + "-" + i;
                peer.send(moving.get(i), prefix, count, prefix);
                sent += count;
            }
        }
        return sent;
    }

    /** All nodes up and reachable, as {@code node} sees the cluster. */
    private void awaitStable(DaemonProcess node) {
        Awaitility.await().atMost(STEP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode cluster = node.call("status", Map.of()).path("cluster");
            List<String> states = new ArrayList<>();
            cluster.path("nodes").forEach(n -> states.add(n.path("state").asText() + "/"
                    + n.path("reachable").asText()));
            assertThat(states).as("members: %s", cluster).hasSize(nodes.size()).allMatch(s -> s.equals("up/true"));
        });
    }

    /** Tallies how the moved accounts logged in on their new node (status login.path). */
    static void countLogins(DaemonProcess node, List<String> moved, Map<String, Integer> paths) {
        for (JsonNode a : node.call("status", Map.of()).path("accounts")) {
            if (moved.contains(a.path("jid").asText())) {
                String path = a.path("login").path("path").asText("none") + ", resumptions "
                        + a.path("sm").path("resumptions").asText("-");
                paths.merge(path, 1, Integer::sum);
            }
        }
    }
}
