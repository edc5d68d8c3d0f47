package dev.xmppd.daemon.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.xmppd.daemon.config.ClusterSettings;
import java.util.List;
import java.util.Map;

/**
 * The Pekko settings of a cluster node, from {@code xmppd.cluster}: the cluster provider on Artery, the seed nodes,
 * Pekko's split-brain resolver (keep-majority) and Cluster Sharding for accounts; the fixed part is
 * {@code xmppd-cluster.conf} in the jar. A daemon alone uses none of it.
 */
public final class ClusterConfig {
    /** The actor system's name, part of every node address: the same on all nodes. */
    public static final String SYSTEM_NAME = "xmppd";

    private ClusterConfig() {
    }

    /** {@code settings} over the fixed cluster part over {@code base} (the daemon's usual config). */
    public static Config pekko(ClusterSettings settings, Config base) {
        List<String> seeds = settings.seedNodes().stream().map(s -> "pekko://" + SYSTEM_NAME + "@" + s).toList();
        Config node = ConfigFactory.parseMap(Map.of(
                "pekko.remote.artery.canonical.hostname", settings.host(),
                "pekko.remote.artery.canonical.port", settings.port(),
                "pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds),
                "pekko.cluster.split-brain-resolver.stable-after", settings.stableAfter().toMillis() + "ms",
                "pekko.cluster.sharding.number-of-shards", settings.shards()));
        return node.withFallback(ConfigFactory.parseResources("xmppd-cluster.conf")).withFallback(base).resolve();
    }
}
