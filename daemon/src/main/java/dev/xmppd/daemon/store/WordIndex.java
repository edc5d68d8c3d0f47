package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The full-text word index ({@code message_words}), written after the messages it indexes. A batch of messages
 * commits with one {@code unindexed_messages} row per message instead of a dozen word rows (which took about 60 % of
 * the time a catch-up spent storing a page); {@link ArchiveStore} calls {@link #indexSome} once writes pause. Search
 * covers both: the words for indexed messages, the bodies themselves for those still listed as unindexed. A message
 * moves from one to the other in one transaction, so it is never found twice or missed.
 */
final class WordIndex {

    /** Messages indexed per transaction. */
    static final int CHUNK = 1_000;

    private WordIndex() {
    }

    /** Lists a message just stored (by {@link MessageTable.Writer}, in the same transaction) for indexing. */
    static final String PENDING = "INSERT INTO unindexed_messages (message_id) VALUES (?)";

    /**
     * Writes the words of up to {@code max} unindexed messages, oldest first, inside the caller's transaction.
     * Returns how many messages it indexed: fewer than {@code max} means none are left.
     */
    static int indexSome(Connection c, int max) throws SQLException {
        List<Long> ids = new ArrayList<>();
        // Several daemons may share a PostgreSQL store: one that indexes the same message at the same moment adds
        // nothing twice.
        String insert = Dialect.of(c) == Dialect.POSTGRESQL
                ? "INSERT INTO message_words (word, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "INSERT INTO message_words (word, message_id) VALUES (?, ?)";
        try (PreparedStatement select = c.prepareStatement("SELECT u.message_id, m.body FROM unindexed_messages u"
                + " JOIN messages m ON m.id = u.message_id ORDER BY u.message_id LIMIT ?");
             PreparedStatement words = c.prepareStatement(insert);
             PreparedStatement done = c.prepareStatement("DELETE FROM unindexed_messages WHERE message_id = ?")) {
            select.setInt(1, max);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String body = rs.getString(2);
                    ids.add(id);
                    for (String word : body == null ? Set.<String>of() : Words.of(body)) {
                        words.setString(1, word);
                        words.setLong(2, id);
                        words.addBatch();
                    }
                }
            }
            words.executeBatch();
            for (long id : ids) {
                done.setLong(1, id);
                done.addBatch();
            }
            done.executeBatch();
        }
        return ids.size();
    }

    /** How many stored messages wait for their words. */
    static long backlog(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM unindexed_messages");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The newest {@code limit} unindexed messages whose body holds all of {@code words}, found by reading their
     * bodies with the same {@link Words} function the index uses.
     */
    static List<StoredMessage> searchUnindexed(Connection c, Set<String> words, Optional<String> account,
                                              Optional<String> with, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT m.id, m.ts, m.body FROM unindexed_messages u"
                + " JOIN messages m ON m.id = u.message_id WHERE m.body IS NOT NULL");
        List<Object> args = new ArrayList<>();
        account.ifPresent(a -> {
            sql.append(" AND m.account = ?");
            args.add(a);
        });
        with.ifPresent(w -> {
            sql.append(" AND m.peer_jid = ?");
            args.add(w);
        });
        record Hit(long id, OffsetDateTime ts) {
        }
        List<Hit> hits = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (Words.of(rs.getString(3)).containsAll(words)) {
                        hits.add(new Hit(rs.getLong(1), rs.getObject(2, OffsetDateTime.class)));
                    }
                }
            }
        }
        hits.sort(Comparator.comparing(Hit::ts).thenComparingLong(Hit::id).reversed());
        List<Long> newest = hits.stream().limit(limit).map(Hit::id).toList();
        if (newest.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(newest.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MessageTable.COLUMNS + " FROM messages m"
                + " WHERE m.id IN (" + in + ") ORDER BY m.ts DESC, m.id DESC")) {
            for (int i = 0; i < newest.size(); i++) {
                ps.setLong(i + 1, newest.get(i));
            }
            return MessageTable.read(ps);
        }
    }
}
