package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.ArchiveSettings.FirstSync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@code sync_state} (newest stanza-id per archive) and {@code sync_ledger} (ranges still to fetch) tables. */
final class LedgerTable {

    private LedgerTable() {
    }

    /**
     * Before a catch-up (read before initial presence, or before joining a room): the newest stanza-id held, and
     * the ranges to fetch. An unfinished forward range from an interrupted sync already reaches the newest message,
     * so it is kept as it is; otherwise a forward range after the last stanza-id is added, or, for an archive never
     * synced, the ranges of the first-sync policy.
     */
    static List<SyncRange> prepare(Connection c, String account, String archive, FirstSync firstSync, Instant now)
            throws SQLException {
        List<SyncRange> ranges = ranges(c, account, archive);
        boolean forwardOpen = ranges.stream().anyMatch(r -> !r.backward());
        if (!forwardOpen) {
            Optional<String> last = last(c, account, archive);
            if (last.isPresent()) {
                insert(c, account, archive, false, last, Optional.empty(), Optional.empty(), OptionalInt.empty(), now);
            } else if (ranges.isEmpty()) {
                switch (firstSync) {
                    case FirstSync.All all -> insert(c, account, archive, false, Optional.empty(), Optional.empty(),
                            Optional.empty(), OptionalInt.empty(), now);
                    case FirstSync.Since since -> insert(c, account, archive, false, Optional.empty(), Optional.empty(),
                            Optional.of(since.start()), OptionalInt.empty(), now);
                    case FirstSync.Last l -> insert(c, account, archive, true, Optional.empty(), Optional.empty(),
                            Optional.empty(), OptionalInt.of(l.count()), now);
                }
            }
            ranges = ranges(c, account, archive);
        }
        return ranges;
    }

    static List<SyncRange> ranges(Connection c, String account, String archive) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, backward, after_id, before_id, since, remaining"
                + " FROM sync_ledger WHERE account = ? AND archive_jid = ? ORDER BY id")) {
            ps.setString(1, account);
            ps.setString(2, archive);
            List<SyncRange> ranges = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int remaining = rs.getInt(6);
                    OptionalInt left = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(remaining);
                    ranges.add(new SyncRange(rs.getLong(1), archive, rs.getBoolean(2),
                            Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4)),
                            Optional.ofNullable(rs.getObject(5, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                            left));
                }
            }
            return ranges;
        }
    }

    /** How many ranges are still to fetch for the account, across its archives. */
    static int open(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sync_ledger WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static Optional<String> last(Connection c, String account, String archive) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_stanza_id FROM sync_state WHERE account = ? AND archive_jid = ?")) {
            ps.setString(1, account);
            ps.setString(2, archive);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static void apply(Connection c, String account, LedgerChange change, Instant now) throws SQLException {
        switch (change) {
            case LedgerChange.Advance a -> update(c, "UPDATE sync_ledger SET after_id = ?, since = NULL WHERE id = ?",
                    a.afterId(), a.rangeId());
            case LedgerChange.Retreat r -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE sync_ledger SET before_id = ?, remaining = ? WHERE id = ?")) {
                    ps.setString(1, r.beforeId());
                    ps.setInt(2, r.remaining());
                    ps.setLong(3, r.rangeId());
                    ps.executeUpdate();
                }
            }
            case LedgerChange.Finish f -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_ledger WHERE id = ?")) {
                    ps.setLong(1, f.rangeId());
                    ps.executeUpdate();
                }
            }
            case LedgerChange.Restart r -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE sync_ledger l SET after_id = NULL, since ="
                        + " (SELECT MAX(m.ts) FROM messages m WHERE m.account = l.account AND m.archive_jid = l.archive_jid)"
                        + " WHERE l.id = ?")) {
                    ps.setLong(1, r.rangeId());
                    ps.executeUpdate();
                }
            }
            case LedgerChange.SetLast s -> {
                try (PreparedStatement ps = c.prepareStatement(Dialect.of(c).upsert("sync_state",
                        List.of("account", "archive_jid", "last_stanza_id", "updated_at"),
                        List.of("account", "archive_jid")))) {
                    ps.setString(1, account);
                    ps.setString(2, s.archive());
                    ps.setString(3, s.stanzaId());
                    ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    ps.executeUpdate();
                }
            }
        }
    }

    private static void update(Connection c, String sql, String value, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private static void insert(Connection c, String account, String archive, boolean backward, Optional<String> after,
                               Optional<String> before, Optional<Instant> since, OptionalInt remaining, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_ledger (account, archive_jid, backward,"
                + " after_id, before_id, since, remaining, created) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, account);
            ps.setString(2, archive);
            ps.setBoolean(3, backward);
            ps.setString(4, after.orElse(null));
            ps.setString(5, before.orElse(null));
            ps.setObject(6, since.map(s -> OffsetDateTime.ofInstant(s, ZoneOffset.UTC)).orElse(null));
            if (remaining.isPresent()) {
                ps.setInt(7, remaining.getAsInt());
            } else {
                ps.setNull(7, Types.INTEGER);
            }
            ps.setObject(8, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }
}
