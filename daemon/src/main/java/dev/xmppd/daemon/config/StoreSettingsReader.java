package dev.xmppd.daemon.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code xmppd.store} (see conf/xmppd.conf); every error names the key and where it was set. */
final class StoreSettingsReader {
    private static final Set<String> KEYS = Set.of("type", "url", "user", "password-file", "password-command",
            "password-credential", "pool-size");
    /** Keys that only a PostgreSQL store reads: given with type = h2 they would be ignored, so they are refused. */
    private static final List<String> POSTGRESQL_KEYS = List.of("url", "user", "password-file", "password-command",
            "password-credential");
    /** The account store and the archive hold one connection each; the start check borrows none of the pool. */
    static final int MIN_POOL = 2;
    static final int MAX_POOL = 100;

    private StoreSettingsReader() {
    }

    static StoreSettings read(Config xmppd) {
        if (!xmppd.hasPath("store")) {
            return StoreSettings.H2;
        }
        Config s = xmppd.getConfig("store");
        for (String key : s.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("xmppd.store." + key + ": unknown key; expected one of " + new TreeSet<>(KEYS)
                        + " (" + s.root().get(key).origin().description() + ")");
            }
        }
        String type = s.hasPath("type") ? s.getString("type") : "h2";
        return switch (type) {
            case "h2" -> {
                for (String key : POSTGRESQL_KEYS) {
                    if (s.hasPath(key)) {
                        throw invalid(s, key, "is only read with type = postgresql; remove it, or set the type");
                    }
                }
                yield StoreSettings.H2;
            }
            case "postgresql" -> postgresql(s);
            default -> throw invalid(s, "type", "must be h2 or postgresql, not '" + type + "'");
        };
    }

    private static StoreSettings.Postgresql postgresql(Config s) {
        if (!s.hasPath("url") || s.getString("url").isBlank()) {
            throw invalid(s, "type", "is postgresql but xmppd.store.url is not set"
                    + " (jdbc:postgresql://host:5432/database)");
        }
        String url = s.getString("url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw invalid(s, "url", "must start with jdbc:postgresql:, not '" + new StoreSettings.Postgresql(url,
                    Optional.empty(), Optional.empty(), MIN_POOL).describe() + "'");
        }
        int poolSize = s.hasPath("pool-size") ? s.getInt("pool-size") : 4;
        if (poolSize < MIN_POOL || poolSize > MAX_POOL) {
            throw invalid(s, "pool-size", "must be " + MIN_POOL + ".." + MAX_POOL + ", not " + poolSize);
        }
        return new StoreSettings.Postgresql(url, optional(s, "user"), password(s), poolSize);
    }

    private static Optional<PasswordSource> password(Config s) {
        List<PasswordSource> sources = new ArrayList<>();
        optional(s, "password-file").map(p -> new PasswordSource.File(Path.of(p))).ifPresent(sources::add);
        optional(s, "password-command").map(PasswordSource.Command::new).ifPresent(sources::add);
        optional(s, "password-credential").map(PasswordSource.Credential::new).ifPresent(sources::add);
        if (sources.size() > 1) {
            throw new ConfigException("xmppd.store: give at most one of password-file, password-command,"
                    + " password-credential (" + s.origin().description() + ")");
        }
        return sources.stream().findFirst();
    }

    private static Optional<String> optional(Config c, String path) {
        return c.hasPath(path) && !c.getString(path).isBlank() ? Optional.of(c.getString(path)) : Optional.empty();
    }

    private static ConfigException invalid(Config c, String path, String problem) {
        return new ConfigException("xmppd.store." + path + ": " + problem + " (" + c.getValue(path).origin()
                .description() + ")");
    }
}
