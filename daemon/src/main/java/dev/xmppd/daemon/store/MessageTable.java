package dev.xmppd.daemon.store;

import dev.xmppd.daemon.store.ArchivedMessage.Direction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code messages} table and its word index. Dedupe happens here, inside the caller's transaction: a message
 * whose stanza-id the archive already holds is a duplicate; one that matches a row still waiting for its
 * stanza-id (same match key) completes that row instead of adding another.
 */
final class MessageTable {
    static final String COLUMNS = "m.id, m.account, m.archive_jid, m.stanza_id, m.origin_id, m.message_id, m.direction,"
            + " m.from_jid, m.to_jid, m.peer_jid, m.type, m.thread, m.body, m.ts, m.raw_xml";

    private MessageTable() {
    }

    /** What happened to one message of a batch. */
    enum Outcome { NEW, DUPLICATE, COMPLETED }

    /** Stores one message; only {@link Outcome#NEW} adds a row. */
    static Outcome store(Connection c, String account, ArchivedMessage m) throws SQLException {
        if (m.stanzaId().isPresent() && firstId(c, "stanza_id", account, m.archive(), m.stanzaId().get()).isPresent()) {
            return Outcome.DUPLICATE;
        }
        Optional<String> key = m.matchKey();
        if (key.isPresent()) {
            OptionalLong pending = pending(c, account, m.archive(), key.get());
            if (pending.isPresent()) {
                if (m.stanzaId().isEmpty()) {
                    return Outcome.DUPLICATE;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET stanza_id = ? WHERE id = ?")) {
                    ps.setString(1, m.stanzaId().get());
                    ps.setLong(2, pending.getAsLong());
                    ps.executeUpdate();
                }
                return Outcome.COMPLETED;
            }
        }
        long id = insert(c, account, m, key);
        if (m.body().isPresent()) {
            indexWords(c, id, m.body().get());
        }
        return Outcome.NEW;
    }

    private static long insert(Connection c, String account, ArchivedMessage m, Optional<String> key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (account, archive_jid, stanza_id, origin_id,"
                + " message_id, match_key, direction, from_jid, to_jid, peer_jid, type, thread, body, has_body, ts, raw_xml)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, account);
            ps.setString(2, m.archive());
            ps.setString(3, m.stanzaId().orElse(null));
            ps.setString(4, m.originId().orElse(null));
            ps.setString(5, m.messageId().orElse(null));
            ps.setString(6, key.orElse(null));
            ps.setString(7, m.direction().value());
            ps.setString(8, m.from());
            ps.setString(9, m.to());
            ps.setString(10, m.peer());
            ps.setString(11, m.type());
            ps.setString(12, m.thread().orElse(null));
            ps.setString(13, m.body().orElse(null));
            ps.setBoolean(14, m.hasBody());
            ps.setObject(15, OffsetDateTime.ofInstant(m.timestamp(), ZoneOffset.UTC));
            ps.setString(16, m.rawXml());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void indexWords(Connection c, long id, String body) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_words (word, message_id) VALUES (?, ?)")) {
            for (String word : Words.of(body)) {
                ps.setString(1, word);
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static OptionalLong pending(Connection c, String account, String archive, String key) throws SQLException {
        return firstId(c, "pending_key", account, archive, key);
    }

    /** The row of the archive whose {@code column} (one of the unique keys) has {@code value}. */
    private static OptionalLong firstId(Connection c, String column, String account, String archive, String value)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM messages WHERE account = ? AND archive_jid = ? AND " + column + " = ?")) {
            ps.setString(1, account);
            ps.setString(2, archive);
            ps.setString(3, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The rows of a query selecting {@link #COLUMNS} from {@code messages m}, in result order. */
    static List<StoredMessage> read(PreparedStatement ps) throws SQLException {
        List<StoredMessage> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new StoredMessage(rs.getLong(1), rs.getString(2), new ArchivedMessage(rs.getString(3),
                        Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                        Optional.ofNullable(rs.getString(6)), Direction.parse(rs.getString(7)), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), Optional.ofNullable(rs.getString(12)),
                        Optional.ofNullable(rs.getString(13)), rs.getObject(14, OffsetDateTime.class).toInstant(),
                        rs.getString(15))));
            }
        }
        return rows;
    }
}
