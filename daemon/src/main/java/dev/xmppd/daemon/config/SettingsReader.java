package dev.xmppd.daemon.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.xmppd.protocol.jid.InvalidJidException;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Show;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads {@code xmppd.*} into {@link DaemonSettings} once. Every error names the key and the place it was set
 * (Typesafe Config's origin: file and line), so the user can go straight to the line.
 */
public final class SettingsReader {
    private static final Set<String> ACCOUNT_KEYS = Set.of("jid", "password-file", "password-command",
            "password-credential", "host", "port", "direct-tls", "trusted-cert", "pin-sha256", "resource", "enabled",
            "presence");
    private static final Set<String> PRESENCE_KEYS = Set.of("show", "status", "priority");
    /** Keys with no default, so absent from reference.conf; every other key under xmppd is one reference.conf has. */
    private static final Set<String> OPTIONAL_KEYS = Set.of("data-dir");
    private static final Set<String> CONTROL_KEYS = Set.of("socket");
    private static final Set<String> RECONNECT_KEYS = Set.of("min-backoff", "max-backoff", "parallel-logins");

    private final Map<String, String> env;
    private final Path home;
    private final int uid;

    public SettingsReader(Map<String, String> env, Path home, int uid) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.uid = uid;
    }

    /**
     * The user's file (from {@code --config} or {@code XMPPD_CONFIG}) over the reference defaults
     * (reference.conf in the jar). Environment substitutions such as {@code ${?XMPPD_CONTROL_SOCKET}} are resolved.
     */
    public static Config load(Optional<Path> file) {
        Config defaults = ConfigFactory.load();
        if (file.isEmpty()) {
            return defaults;
        }
        Path path = file.get();
        if (!Files.isReadable(path)) {
            throw new ConfigException("config file " + path + " does not exist or is not readable");
        }
        try {
            return ConfigFactory.parseFile(path.toFile()).withFallback(ConfigFactory.defaultOverrides())
                    .withFallback(defaults).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            // Typesafe Config's parse errors start with the file and line already.
            String message = e.getMessage();
            throw new ConfigException(message.contains(path.toString()) ? message : "config file " + path + ": " + message, e);
        }
    }

    public DaemonSettings read(Config root) {
        try {
            Config c = root.getConfig("xmppd");
            knownKeys(c);
            Path dataDir = optionalString(c, "data-dir").map(Path::of).orElseGet(() -> DataDirectory.resolve(env, home));
            Path socket = ControlSocketPath.resolve(optionalString(c, "control.socket"), env, uid);
            LogFormat format = logFormat(c);
            ReconnectSettings reconnect = reconnect(c);
            List<AccountSettings> accounts = accounts(c);
            StoreSettings store = StoreSettingsReader.read(c);
            return new DaemonSettings(dataDir, socket, format, accounts, reconnect, ArchiveSettingsReader.read(c),
                    StreamSettingsReader.read(c), store, ClusterSettingsReader.read(c, store));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /**
     * A misspelt key would otherwise be ignored silently and its default used: every key under {@code xmppd} must be
     * one the reference config (reference.conf, documented in conf/xmppd.conf) knows.
     */
    private static void knownKeys(Config c) {
        Set<String> known = new java.util.TreeSet<>(ConfigFactory.defaultReference().getConfig("xmppd").root().keySet());
        known.addAll(OPTIONAL_KEYS);
        for (String k : c.root().keySet()) {
            if (!known.contains(k)) {
                throw unknownKey(c, k, "xmppd", String.join(", ", known));
            }
        }
        checkObject(c, "control", CONTROL_KEYS);
        checkObject(c, "reconnect", RECONNECT_KEYS);
    }

    private static void checkObject(Config c, String path, Set<String> keys) {
        if (c.getValue(path).valueType() != ConfigValueType.OBJECT) {
            throw invalid(c, path, "xmppd." + path, "must be an object { ... }");
        }
        Config sub = c.getConfig(path);
        for (String k : sub.root().keySet()) {
            if (!keys.contains(k)) {
                throw unknownKey(sub, k, "xmppd." + path, String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
    }

    private static LogFormat logFormat(Config c) {
        String value = c.getString("log-format");
        try {
            return LogFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(c, "log-format", "xmppd.log-format", "must be text or json, not '" + value + "'");
        }
    }

    private static ReconnectSettings reconnect(Config c) {
        Duration min = c.getDuration("reconnect.min-backoff");
        Duration max = c.getDuration("reconnect.max-backoff");
        if (min.isNegative() || min.isZero()) {
            throw invalid(c, "reconnect.min-backoff", "xmppd.reconnect.min-backoff", "must be positive");
        }
        if (max.compareTo(min) < 0) {
            throw invalid(c, "reconnect.max-backoff", "xmppd.reconnect.max-backoff",
                    "must be at least min-backoff (" + min + ")");
        }
        int parallel = c.getInt("reconnect.parallel-logins");
        if (parallel < 1) {
            throw invalid(c, "reconnect.parallel-logins", "xmppd.reconnect.parallel-logins", "must be at least 1");
        }
        return new ReconnectSettings(min, max, parallel);
    }

    private static List<AccountSettings> accounts(Config c) {
        ConfigList list = c.getList("accounts");
        List<AccountSettings> accounts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "xmppd.accounts[" + i + "]";
            ConfigValue value = list.get(i);
            if (value.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigException(key + ": must be an object { jid = ..., password-file = ... } ("
                        + value.origin().description() + ")");
            }
            AccountSettings account = account(((ConfigObject) value).toConfig(), key);
            if (!seen.add(account.jid())) {
                throw invalid(((ConfigObject) value).toConfig(), "jid", key + ".jid",
                        "account " + account.jid() + " is declared twice");
            }
            accounts.add(account);
        }
        return accounts;
    }

    private static AccountSettings account(Config a, String key) {
        for (String k : a.root().keySet()) {
            if (!ACCOUNT_KEYS.contains(k)) {
                throw unknownKey(a, k, key, new java.util.TreeSet<>(ACCOUNT_KEYS).toString());
            }
        }
        if (!a.hasPath("jid")) {
            throw new ConfigException(key + ".jid: missing (" + a.origin().description() + ")");
        }
        String jid = bareJid(a, "jid", key + ".jid");
        OptionalInt port = OptionalInt.empty();
        if (a.hasPath("port")) {
            int p = a.getInt("port");
            if (p < 1 || p > 65535) {
                throw invalid(a, "port", key + ".port", "must be 1..65535, not " + p);
            }
            port = OptionalInt.of(p);
        }
        Optional<Path> trustedCert = optionalString(a, "trusted-cert").map(Path::of);
        Optional<String> pin = optionalString(a, "pin-sha256");
        if (trustedCert.isPresent() && pin.isPresent()) {
            throw invalid(a, "pin-sha256", key + ".pin-sha256", "give trusted-cert or pin-sha256, not both");
        }
        return new AccountSettings(jid,
                !a.hasPath("enabled") || a.getBoolean("enabled"),
                optionalString(a, "host"), port,
                a.hasPath("direct-tls") && a.getBoolean("direct-tls"),
                trustedCert, pin, optionalString(a, "resource"),
                passwordSource(a, key), presence(a, key), true);
    }

    private static PasswordSource passwordSource(Config a, String key) {
        List<PasswordSource> sources = new ArrayList<>();
        optionalString(a, "password-file").map(p -> new PasswordSource.File(Path.of(p))).ifPresent(sources::add);
        optionalString(a, "password-command").map(PasswordSource.Command::new).ifPresent(sources::add);
        optionalString(a, "password-credential").map(PasswordSource.Credential::new).ifPresent(sources::add);
        if (sources.size() != 1) {
            throw new ConfigException(key + ": give exactly one of password-file, password-command, password-credential"
                    + " (" + a.origin().description() + ")");
        }
        return sources.getFirst();
    }

    private static PresenceSettings presence(Config a, String key) {
        if (!a.hasPath("presence")) {
            return PresenceSettings.AVAILABLE;
        }
        Config p = a.getConfig("presence");
        for (String k : p.root().keySet()) {
            if (!PRESENCE_KEYS.contains(k)) {
                throw unknownKey(p, k, key + ".presence", "show, status or priority");
            }
        }
        String show = optionalString(p, "show").orElse("");
        if (!show.isEmpty() && Show.parse(show).isEmpty()) {
            throw invalid(p, "show", key + ".presence.show", "must be away, chat, dnd or xa (or empty), not '" + show + "'");
        }
        int priority = p.hasPath("priority") ? p.getInt("priority") : 0;
        if (priority < -128 || priority > 127) {
            throw invalid(p, "priority", key + ".presence.priority", "must be -128..127, not " + priority);
        }
        return new PresenceSettings(show, optionalString(p, "status").orElse(""), priority);
    }

    private static String bareJid(Config c, String path, String key) {
        String text = c.getString(path);
        try {
            Jid jid = Jid.parse(text);
            if (jid.local().isEmpty() || !jid.isBare()) {
                throw invalid(c, path, key, "must be a bare JID like alice@example.org, not '" + text + "'");
            }
            return jid.toString();
        } catch (InvalidJidException e) {
            throw invalid(c, path, key, e.getMessage());
        }
    }

    private static Optional<String> optionalString(Config c, String path) {
        if (!c.hasPath(path)) {
            return Optional.empty();
        }
        String value = c.getString(path);
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static ConfigException unknownKey(Config c, String k, String parent, String expected) {
        return new ConfigException(parent + "." + k + ": unknown key; expected " + expected + " ("
                + c.root().get(k).origin().description() + ")");
    }

    private static ConfigException invalid(Config c, String path, String key, String problem) {
        return new ConfigException(key + ": " + problem + " (" + c.getValue(path).origin().description() + ")");
    }
}
