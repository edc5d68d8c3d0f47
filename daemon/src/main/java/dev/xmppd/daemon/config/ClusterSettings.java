package dev.xmppd.daemon.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code xmppd.cluster} (see conf/xmppd.conf): several daemons as one service on Pekko Cluster, with accounts as
 * Cluster Sharding entities and a shared PostgreSQL store. Off by default.
 *
 * @param host              the address this node's Artery transport binds and announces
 * @param port              its TCP port
 * @param seedNodes         {@code host:port} of the nodes a starting node joins through (this node may be one)
 * @param nodeName          names this node in status, account ownership and declared accounts
 * @param minMembers        members needed before accounts are placed (avoids moving them all as the others join)
 * @param stableAfter       how long membership must be stable before the split-brain resolver downs unreachable
 *                          nodes; their accounts start elsewhere after about twice this
 * @param placementInterval how often each node asks sharding to run every enabled account (a no-op for running ones)
 * @param shards            the number of shards accounts are spread over (the same on every node)
 */
public record ClusterSettings(boolean enabled, String host, int port, List<String> seedNodes, String nodeName,
                              int minMembers, Duration stableAfter, Duration placementInterval, int shards) {

    /** The default: one daemon on its own. */
    public static final ClusterSettings OFF = new ClusterSettings(false, "127.0.0.1", 2552, List.of(), "", 1,
            Duration.ofSeconds(7), Duration.ofSeconds(10), 100);

    public ClusterSettings {
        seedNodes = List.copyOf(seedNodes);
    }
}
