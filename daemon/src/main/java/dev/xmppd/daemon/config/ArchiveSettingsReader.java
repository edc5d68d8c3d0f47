package dev.xmppd.daemon.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.xmppd.protocol.jid.InvalidJidException;
import dev.xmppd.protocol.jid.Jid;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code xmppd.archive} (see conf/xmppd.conf); every error names the key and where it was set. */
final class ArchiveSettingsReader {
    private static final Set<String> ARCHIVE_KEYS = Set.of("first-sync", "since", "last", "page-size", "rooms");
    private static final Set<String> ROOM_KEYS = Set.of("account", "room", "nick", "password");

    private ArchiveSettingsReader() {
    }

    static ArchiveSettings read(Config xmppd) {
        if (!xmppd.hasPath("archive")) {
            return ArchiveSettings.DEFAULTS;
        }
        Config a = xmppd.getConfig("archive");
        for (String key : a.root().keySet()) {
            if (!ARCHIVE_KEYS.contains(key)) {
                throw new ConfigException("xmppd.archive." + key + ": unknown key; expected one of "
                        + new java.util.TreeSet<>(ARCHIVE_KEYS) + " (" + a.root().get(key).origin().description() + ")");
            }
        }
        int pageSize = a.hasPath("page-size") ? a.getInt("page-size") : ArchiveSettings.DEFAULTS.pageSize();
        if (pageSize < 1 || pageSize > 10_000) {
            throw invalid(a, "page-size", "must be 1..10000, not " + pageSize);
        }
        return new ArchiveSettings(firstSync(a), pageSize, rooms(a));
    }

    private static ArchiveSettings.FirstSync firstSync(Config a) {
        String policy = a.hasPath("first-sync") ? a.getString("first-sync") : "all";
        return switch (policy) {
            case "all" -> new ArchiveSettings.FirstSync.All();
            case "since" -> {
                if (!a.hasPath("since")) {
                    throw invalid(a, "first-sync", "is 'since' but xmppd.archive.since is not set");
                }
                yield new ArchiveSettings.FirstSync.Since(instant(a, "since"));
            }
            case "last" -> {
                if (!a.hasPath("last")) {
                    throw invalid(a, "first-sync", "is 'last' but xmppd.archive.last is not set");
                }
                int count = a.getInt("last");
                if (count < 1) {
                    throw invalid(a, "last", "must be at least 1, not " + count);
                }
                yield new ArchiveSettings.FirstSync.Last(count);
            }
            default -> throw invalid(a, "first-sync", "must be all, since or last, not '" + policy + "'");
        };
    }

    private static Instant instant(Config a, String path) {
        String text = a.getString(path);
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(a, path, "must be a date (2024-03-01) or a time (2024-03-01T10:00:00Z), not '" + text + "'");
        }
    }

    private static List<ArchiveSettings.Room> rooms(Config a) {
        if (!a.hasPath("rooms")) {
            return List.of();
        }
        ConfigList list = a.getList("rooms");
        List<ArchiveSettings.Room> rooms = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "xmppd.archive.rooms[" + i + "]";
            ConfigValue value = list.get(i);
            if (value.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigException(key + ": must be an object { account = ..., room = ... } ("
                        + value.origin().description() + ")");
            }
            Config r = ((ConfigObject) value).toConfig();
            for (String k : r.root().keySet()) {
                if (!ROOM_KEYS.contains(k)) {
                    throw new ConfigException(key + "." + k + ": unknown key; expected account, room, nick or password ("
                            + r.root().get(k).origin().description() + ")");
                }
            }
            if (!r.hasPath("account") || !r.hasPath("room")) {
                throw new ConfigException(key + ": needs account and room (" + r.origin().description() + ")");
            }
            rooms.add(new ArchiveSettings.Room(bare(r, "account", key), bare(r, "room", key),
                    optional(r, "nick"), optional(r, "password")));
        }
        return rooms;
    }

    private static String bare(Config r, String path, String key) {
        String text = r.getString(path);
        try {
            Jid jid = Jid.parse(text);
            if (jid.local().isEmpty() || !jid.isBare()) {
                throw new ConfigException(key + "." + path + ": must be a bare JID like name@example.org, not '" + text
                        + "' (" + r.getValue(path).origin().description() + ")");
            }
            return jid.toString();
        } catch (InvalidJidException e) {
            throw new ConfigException(key + "." + path + ": " + e.getMessage() + " ("
                    + r.getValue(path).origin().description() + ")");
        }
    }

    private static Optional<String> optional(Config c, String path) {
        return c.hasPath(path) && !c.getString(path).isBlank() ? Optional.of(c.getString(path)) : Optional.empty();
    }

    private static ConfigException invalid(Config c, String path, String problem) {
        return new ConfigException("xmppd.archive." + path + ": " + problem + " (" + c.getValue(path).origin()
                .description() + ")");
    }
}
