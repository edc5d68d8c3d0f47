package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading the archive: history, full-text search, export pages and per-account counts. */
final class ArchiveQueries {
    private static final Comparator<StoredMessage> NEWEST_FIRST = Comparator
            .comparing((StoredMessage m) -> m.message().timestamp()).thenComparingLong(StoredMessage::rowId).reversed();

    private ArchiveQueries() {
    }

    /**
     * A conversation (or the whole archive) in time order. With {@code since} and no {@code until}: the first
     * {@code limit} messages from {@code since}; otherwise the newest {@code limit} up to {@code until}.
     *
     * @param with a bare JID: messages exchanged with it, or of that room
     */
    record History(String account, Optional<String> with, Optional<Instant> since, Optional<Instant> until,
                   int limit) {
    }

    /** Every word must occur; newest first. */
    record Search(String text, Optional<String> account, Optional<String> with, int limit) {
    }

    /** The position after the last message of an export page (keyset pagination on time, then row id). */
    record Cursor(Instant timestamp, long rowId) {
    }

    /** One account's archive in numbers; {@code openRanges} > 0 means a sync has still something to fetch. */
    record Summary(long messages, Optional<String> lastStanzaId, int openRanges) {
    }

    static List<StoredMessage> history(Connection c, History h) throws SQLException {
        boolean forward = h.since().isPresent() && h.until().isEmpty();
        StringBuilder sql = new StringBuilder("SELECT " + MessageTable.COLUMNS + " FROM messages m WHERE m.account = ?");
        List<Object> args = new ArrayList<>(List.of(h.account()));
        h.with().ifPresent(w -> {
            sql.append(" AND m.peer_jid = ?");
            args.add(w);
        });
        h.since().ifPresent(s -> {
            sql.append(" AND m.ts >= ?");
            args.add(OffsetDateTime.ofInstant(s, ZoneOffset.UTC));
        });
        h.until().ifPresent(u -> {
            sql.append(" AND m.ts <= ?");
            args.add(OffsetDateTime.ofInstant(u, ZoneOffset.UTC));
        });
        sql.append(forward ? " ORDER BY m.ts, m.id" : " ORDER BY m.ts DESC, m.id DESC").append(" LIMIT ?");
        args.add(h.limit());
        List<StoredMessage> rows = query(c, sql.toString(), args);
        return forward ? rows : rows.reversed();
    }

    static List<StoredMessage> search(Connection c, Search s) throws SQLException {
        Set<String> words = Words.of(s.text());
        if (words.isEmpty()) {
            return List.of();
        }
        List<String> list = new ArrayList<>(words);
        StringBuilder sql = new StringBuilder("SELECT " + MessageTable.COLUMNS + " FROM message_words w"
                + " JOIN messages m ON m.id = w.message_id WHERE w.word = ?");
        List<Object> args = new ArrayList<>(List.of(list.getFirst()));
        for (String word : list.subList(1, list.size())) {
            sql.append(" AND EXISTS (SELECT 1 FROM message_words x WHERE x.message_id = m.id AND x.word = ?)");
            args.add(word);
        }
        s.account().ifPresent(a -> {
            sql.append(" AND m.account = ?");
            args.add(a);
        });
        s.with().ifPresent(w -> {
            sql.append(" AND m.peer_jid = ?");
            args.add(w);
        });
        sql.append(" ORDER BY m.ts DESC, m.id DESC LIMIT ?");
        args.add(s.limit());
        // Messages whose words are not written yet (WordIndex) are searched by their bodies: both lists are newest
        // first, and no message is in both.
        List<StoredMessage> found = new ArrayList<>(query(c, sql.toString(), args));
        found.addAll(WordIndex.searchUnindexed(c, words, s.account(), s.with(), s.limit()));
        found.sort(NEWEST_FIRST);
        return found.size() > s.limit() ? List.copyOf(found.subList(0, s.limit())) : found;
    }

    static List<StoredMessage> exportPage(Connection c, String account, Optional<Cursor> after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + MessageTable.COLUMNS + " FROM messages m WHERE m.account = ?");
        List<Object> args = new ArrayList<>(List.of(account));
        after.ifPresent(cursor -> {
            OffsetDateTime ts = OffsetDateTime.ofInstant(cursor.timestamp(), ZoneOffset.UTC);
            sql.append(" AND (m.ts > ? OR (m.ts = ? AND m.id > ?))");
            args.add(ts);
            args.add(ts);
            args.add(cursor.rowId());
        });
        sql.append(" ORDER BY m.ts, m.id LIMIT ?");
        args.add(limit);
        return query(c, sql.toString(), args);
    }

    static Summary summary(Connection c, String account) throws SQLException {
        long count;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
            }
        }
        return new Summary(count, LedgerTable.last(c, account, account), LedgerTable.open(c, account));
    }

    private static List<StoredMessage> query(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return MessageTable.read(ps);
        }
    }
}
