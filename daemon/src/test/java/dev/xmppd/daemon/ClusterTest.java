package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.StoreSettings;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.PostgresServer;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three xmppd nodes as one cluster (separate JVMs on loopback, one PostgreSQL database, one config shared by all):
 * 300 accounts on Prosody are each online on exactly one node; after {@code kill -9} of a node its accounts are
 * online on the other two within 30 s, and 1,000 messages sent meanwhile are each archived exactly once; a node
 * stopped with SIGTERM exits cleanly and its accounts are online on the last one within 30 s. Before the kill, a
 * rolling restart of every node keeps every account online once ({@link RollingRestart}); send and sync given to a
 * node that does not run the account are carried out by the one that does.
 */
@ExtendWith(XmppServers.class)
class ClusterTest {
    private static final int ACCOUNTS = Integer.getInteger("xmppd.test.cluster-accounts", 300);
    private static final int MESSAGES = 1_000;
    private static final int NODES = 3;
    private static final Duration TAKE_OVER = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void threeNodesRunEachAccountOnceAndTakeOverTheAccountsOfAKilledNode(ProsodyServer server) throws Exception {
        StoreSettings.Postgresql store = SharedPostgres.freshStore(dir.resolve("postgresql"));
        List<Account> accounts = server.newAccounts("member", ACCOUNTS);
        Account sender = server.newAccount("sender");
        List<Integer> ports = freePorts(NODES);
        Path shared = sharedConfig(server, store, accounts, ports);
        List<DaemonProcess> nodes = new ArrayList<>();
        try (SlixmppPeer peer = SlixmppPeer.connect(server, sender)) {
            long start = System.nanoTime();
            for (int i = 0; i < NODES; i++) {
                nodes.add(startNode(i, shared, ports.get(i)));
            }
            Map<String, String> placed = awaitAllOnline(nodes.getFirst(), accounts, List.of(), Duration.ofMinutes(4));
            System.out.printf("cluster: %d accounts online on %d nodes %d ms after the first start: %s%n", ACCOUNTS,
                    NODES, (System.nanoTime() - start) / 1_000_000, countByNode(placed));
            assertThat(countByNode(placed)).as("every node runs accounts").hasSize(NODES);
            JsonNode cluster = nodes.get(1).call("status", Map.of()).path("cluster");
            assertThat(cluster.path("nodes")).hasSize(NODES);
            cluster.path("nodes").forEach(n -> assertThat(n.path("state").asText()).isEqualTo("up"));

            // A request for an account given to a node that does not run it is carried out by the one that does.
            String remote = accounts.getFirst().jid();
            int elsewhere = (Integer.parseInt(placed.get(remote).substring("node-".length())) + 1) % NODES;
            JsonNode answer = nodes.get(elsewhere).call("send", Map.of("account", remote, "to", sender.jid(),
                    "body", "from another node"));
            assertThat(answer.has("error")).as("send: %s", answer).isFalse();
            assertThat(peer.awaitReceived(1, Duration.ofSeconds(30))).extracting(m -> m.body())
                    .contains("from another node");
            // So is a sync: the archive catch-up runs on the account's node, the result comes back here.
            JsonNode synced = nodes.get(elsewhere).call("sync", Map.of("account", remote));
            assertThat(synced.path("accounts").path(0).path("state").asText()).as("sync: %s", synced)
                    .isEqualTo("caught-up");

            new RollingRestart(nodes, accounts, peer, store,
                    index -> startNode(index, shared, ports.get(index), "output-restarted.log")).run();
            cluster = nodes.getFirst().call("status", Map.of()).path("cluster");
            placed = awaitAllOnline(nodes.getFirst(), accounts, List.of(), TAKE_OVER);

            // The oldest node runs the shard coordinator: killing it also moves the coordinator, the harder case.
            int killedIndex = oldest(cluster);
            String killedName = "node-" + killedIndex;
            DaemonProcess victim = nodes.get(killedIndex);
            DaemonProcess observer = nodes.get((killedIndex + 1) % NODES);
            List<String> moved = placed.entrySet().stream().filter(e -> e.getValue().equals(killedName))
                    .map(Map.Entry::getKey).toList();
            victim.signal("KILL");
            long killed = System.nanoTime();
            sendDuringTheFailure(peer, accounts);
            long sent = System.nanoTime();
            // Waited for longer than the bound, so a slow take-over is measured (and reported) rather than cut off.
            Map<String, String> after = awaitAllOnline(observer, accounts, List.of(killedName),
                    TAKE_OVER.multipliedBy(4));
            Duration back = Duration.ofNanos(System.nanoTime() - killed);
            System.out.printf("cluster: %d accounts of the killed %s (the oldest) back online after %d ms (the %d"
                    + " messages were sent in %d ms); now %s%n", moved.size(), killedName, back.toMillis(), MESSAGES,
                    (sent - killed) / 1_000_000, countByNode(after));
            Map<String, Integer> logins = new java.util.TreeMap<>();
            RollingRestart.countLogins(observer, moved, logins);
            System.out.printf("cluster: login paths of the killed node's accounts %s%n", logins);
            assertThat(logins.keySet()).as("the killed node's accounts resumed their XEP-0198 sessions")
                    .allMatch(path -> path.contains("resumed"));
            awaitArchived(store, Duration.ofMinutes(3));
            assertThat(archivedPerMessage(store)).as("(account, body) archived more than once")
                    .allSatisfy((message, count) -> assertThat(count).as(message).isEqualTo(1L)).hasSize(MESSAGES);
            assertThat(back).as("the killed node's accounts online elsewhere").isLessThanOrEqualTo(TAKE_OVER);

            // A stop (SIGTERM) leaves the cluster first: the node's accounts move at once, without the resolver's wait.
            int leavingIndex = (killedIndex + 2) % NODES;
            long stopped = System.nanoTime();
            assertThat(nodes.get(leavingIndex).terminate(Duration.ofSeconds(60))).isZero();
            awaitAllOnline(observer, accounts, List.of(killedName, "node-" + leavingIndex), TAKE_OVER);
            System.out.printf("cluster: node-%d stopped and its accounts online on the last node after %d ms%n",
                    leavingIndex, (System.nanoTime() - stopped) / 1_000_000);
        } finally {
            nodes.forEach(DaemonProcess::close);
        }
    }

    private static int oldest(JsonNode cluster) {
        for (JsonNode node : cluster.path("nodes")) {
            if (node.path("oldest").asBoolean()) {
                return Integer.parseInt(node.path("name").asText().substring("node-".length()));
            }
        }
        throw new AssertionError("no oldest member in " + cluster);
    }

    /** 1,000 messages over all accounts (bodies unique per account), each batch processed by the server. */
    private static void sendDuringTheFailure(SlixmppPeer peer, List<Account> accounts) {
        for (int i = 0; i < accounts.size(); i++) {
            int count = MESSAGES / accounts.size() + (i < MESSAGES % accounts.size() ? 1 : 0);
            if (count > 0) {
                peer.send(accounts.get(i).jid(), "failover-" + i, count, "failover-" + i);
            }
        }
    }

    /**
     * Waits until {@code status} on {@code node} lists every account online, each exactly once and on none of
     * {@code deadNodes}; returns where each runs.
     */
    static Map<String, String> awaitAllOnline(DaemonProcess node, List<Account> accounts,
                                                      List<String> deadNodes, Duration timeout) {
        Map<String, String> placed = new HashMap<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            placed.clear();
            List<String> problems = new ArrayList<>();
            for (JsonNode a : node.call("status", Map.of()).path("accounts")) {
                String jid = a.path("jid").asText();
                String where = a.path("node").asText();
                if (placed.put(jid, where) != null) {
                    problems.add(jid + " listed twice");
                }
                if (!a.path("state").asText().equals("online") || deadNodes.contains(where)) {
                    problems.add(jid + " " + a.path("state").asText() + " on " + where);
                }
            }
            assertThat(problems).as("%d of %d accounts listed", placed.size(), accounts.size()).isEmpty();
            assertThat(placed.keySet()).containsExactlyInAnyOrderElementsOf(accounts.stream().map(Account::jid)
                    .toList());
        });
        return Map.copyOf(placed);
    }

    static Map<String, Long> countByNode(Map<String, String> placed) {
        return new java.util.TreeMap<>(placed.values().stream().collect(Collectors.groupingBy(n -> n,
                Collectors.counting())));
    }

    private static void awaitArchived(StoreSettings.Postgresql store, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(archivedPerMessage(store)).hasSize(MESSAGES));
    }

    private static Map<String, Long> archivedPerMessage(StoreSettings.Postgresql store) throws SQLException {
        return archivedPerMessage(store, "failover-");
    }

    /** How many rows the messages table has for each (account, body) of the messages whose body starts so. */
    static Map<String, Long> archivedPerMessage(StoreSettings.Postgresql store, String prefix) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(store.url(), PostgresServer.USER,
                SharedPostgres.server().password());
             PreparedStatement ps = c.prepareStatement("SELECT account, body, COUNT(*) FROM messages"
                     + " WHERE archive_jid = account AND body LIKE ? GROUP BY account, body")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
                }
            }
        }
        return counts;
    }

    private DaemonProcess startNode(int index, Path shared, int port) throws IOException {
        return startNode(index, shared, port, "output.log");
    }

    /** Starts node {@code index} (again: the same data dir, port and name), its output in {@code log}. */
    DaemonProcess startNode(int index, Path shared, int port, String log) throws IOException {
        Path home = dir.resolve("node-" + index);
        Files.createDirectories(home);
        Path socket = home.resolve("run").resolve("control.sock");
        Path config = home.resolve("xmppd.conf");
        Files.writeString(config, """
                include file("%s")
                xmppd {
                  data-dir = "%s"
                  control.socket = "%s"
                  cluster { port = %d, node-name = "node-%d" }
                }
                """.formatted(shared, home.resolve("data"), socket, port, index));
        return DaemonProcess.start(config, socket, home.resolve(log), Map.of(), "-Xmx512m");
    }

    /** The config every node includes: the store, the cluster, and the accounts (one password file for all). */
    private Path sharedConfig(ProsodyServer server, StoreSettings.Postgresql store, List<Account> accounts,
                              List<Integer> ports) throws IOException {
        Path password = Files.createTempFile(dir, "accounts-", ".password",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(password, accounts.getFirst().password() + "\n");
        String declared = accounts.stream().map(a -> "    { jid = \"%s\", password-file = \"%s\", host = \"%s\","
                .formatted(a.jid(), password, server.host()) + " port = %d, trusted-cert = \"%s\" }"
                .formatted(server.starttlsPort(), server.certificatePem())).collect(Collectors.joining("\n"));
        String seeds = ports.stream().map(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", "));
        Path file = dir.resolve("shared.conf");
        Files.writeString(file, """
                xmppd {
                  store {
                    type = postgresql
                    url = "%s"
                    user = "%s"
                    password-file = "%s"
                  }
                  reconnect { min-backoff = 200ms, max-backoff = 2s }
                  cluster {
                    enabled = true
                    host = "127.0.0.1"
                    seed-nodes = [%s]
                    min-members = %d
                    stable-after = 4s
                    placement-interval = 5s
                    shards = 30
                  }
                  accounts = [
                %s
                  ]
                }
                """.formatted(store.url(), store.user().orElseThrow(),
                ((dev.xmppd.daemon.config.PasswordSource.File) store.password().orElseThrow()).path(), seeds, NODES,
                declared));
        return file;
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
