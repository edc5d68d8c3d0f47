package dev.xmppd.daemon.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code xmppd.cluster} (see conf/xmppd.conf); every error names the key and where it was set. */
final class ClusterSettingsReader {
    private static final Set<String> KEYS = Set.of("enabled", "host", "port", "seed-nodes", "node-name", "min-members",
            "stable-after", "placement-interval", "shards");

    private ClusterSettingsReader() {
    }

    static ClusterSettings read(Config xmppd, StoreSettings store) {
        if (!xmppd.hasPath("cluster")) {
            return ClusterSettings.OFF;
        }
        Config c = xmppd.getConfig("cluster");
        for (String key : c.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("xmppd.cluster." + key + ": unknown key; expected one of " + new TreeSet<>(KEYS)
                        + " (" + c.root().get(key).origin().description() + ")");
            }
        }
        if (!c.getBoolean("enabled")) {
            return ClusterSettings.OFF;
        }
        if (!(store instanceof StoreSettings.Postgresql)) {
            throw invalid(c, "enabled", "a cluster needs the shared store: set xmppd.store.type = postgresql (and"
                    + " its url) on every node");
        }
        String host = c.getString("host");
        if (host.isBlank()) {
            throw invalid(c, "host", "must be this node's address, reachable by the other nodes");
        }
        int port = c.getInt("port");
        if (port < 1 || port > 65535) {
            throw invalid(c, "port", "must be 1..65535, not " + port);
        }
        List<String> seeds = c.getStringList("seed-nodes");
        if (seeds.isEmpty()) {
            throw invalid(c, "seed-nodes", "list at least one node as \"host:port\" (this node may be one)");
        }
        for (String seed : seeds) {
            int colon = seed.lastIndexOf(':');
            if (colon <= 0 || !seed.substring(colon + 1).matches("\\d{1,5}")) {
                throw invalid(c, "seed-nodes", "each seed must be \"host:port\", not '" + seed + "'");
            }
        }
        String name = c.hasPath("node-name") && !c.getString("node-name").isBlank() ? c.getString("node-name")
                : host + ":" + port;
        int minMembers = c.getInt("min-members");
        if (minMembers < 1) {
            throw invalid(c, "min-members", "must be at least 1");
        }
        Duration stableAfter = positive(c, "stable-after");
        Duration placement = positive(c, "placement-interval");
        int shards = c.getInt("shards");
        if (shards < 1 || shards > 10_000) {
            throw invalid(c, "shards", "must be 1..10000, not " + shards);
        }
        return new ClusterSettings(true, host, port, seeds, name, minMembers, stableAfter, placement, shards);
    }

    private static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw invalid(c, key, "must be positive");
        }
        return d;
    }

    private static ConfigException invalid(Config c, String path, String problem) {
        return new ConfigException("xmppd.cluster." + path + ": " + problem + " (" + c.getValue(path).origin()
                .description() + ")");
    }
}
