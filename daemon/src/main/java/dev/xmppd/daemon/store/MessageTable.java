package dev.xmppd.daemon.store;

import dev.xmppd.daemon.store.ArchivedMessage.Direction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
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

    /**
     * Stores the messages of one batch inside the caller's transaction, with each statement prepared once per batch;
     * only {@link Outcome#NEW} adds a row. Each new message is listed for the {@link WordIndex}, in one JDBC batch at
     * the end; its words are written later.
     *
     * <p>History orders by time, then by row id. A page fetched backwards (first sync "last N": newest pages first) is
     * older than every row stored before it, so its rows take ids below all earlier ones, from the descending sequence
     * {@code messages_older} (V6): messages stamped in the same second then keep the archive's order across pages.
     */
    static final class Writer implements AutoCloseable {
        private static final String INSERT_COLUMNS = "account, archive_jid, stanza_id, origin_id, message_id, match_key,"
                + " direction, from_jid, to_jid, peer_jid, type, thread, body, has_body, ts, raw_xml";
        private final Connection connection;
        private final Dialect dialect;
        private final String account;
        private final PreparedStatement byStanzaId;
        private final PreparedStatement byPendingKey;
        private final PreparedStatement complete;
        private final PreparedStatement insert;
        private final PreparedStatement unindexed;
        private final ArrayDeque<Long> olderIds = new ArrayDeque<>();
        private PreparedStatement insertOlder;

        Writer(Connection c, String account) throws SQLException {
            this.connection = c;
            this.dialect = Dialect.of(c);
            this.account = account;
            this.byStanzaId = c.prepareStatement(
                    "SELECT id FROM messages WHERE account = ? AND archive_jid = ? AND stanza_id = ?");
            this.byPendingKey = c.prepareStatement(
                    "SELECT id FROM messages WHERE account = ? AND archive_jid = ? AND pending_key = ?");
            this.complete = c.prepareStatement("UPDATE messages SET stanza_id = ? WHERE id = ?");
            String insertSql = "INSERT INTO messages (" + INSERT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
            // PostgreSQL may be shared by several daemons: when one that is handing an account over stores the same
            // message at the same moment, the unique keys make the second insert a no-op (no row returned: a
            // duplicate) instead of failing the whole batch. Its driver returns every column for
            // RETURN_GENERATED_KEYS (RETURNING *): ask for the id only. H2 has one writer, so the checks above suffice.
            this.insert = dialect == Dialect.POSTGRESQL
                    ? c.prepareStatement(insertSql + " ON CONFLICT DO NOTHING", new String[] {"id"})
                    : c.prepareStatement(insertSql, Statement.RETURN_GENERATED_KEYS);
            this.unindexed = c.prepareStatement(WordIndex.PENDING);
        }

        /**
         * The next {@code count} messages (a page fetched backwards, in time order) are older than all stored: their
         * rows get ids below every id so far, increasing within the page.
         */
        void olderThanAll(int count) throws SQLException {
            olderIds.clear();
            if (count == 0) {
                return;
            }
            String reserve = dialect == Dialect.POSTGRESQL
                    ? "SELECT nextval('messages_older') FROM generate_series(1, ?)"
                    : "SELECT NEXT VALUE FOR messages_older FROM SYSTEM_RANGE(1, ?)";
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(reserve)) {
                ps.setInt(1, count);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            ids.sort(null);
            olderIds.addAll(ids);
            if (insertOlder == null) {
                String insertSql = "INSERT INTO messages (id, " + INSERT_COLUMNS
                        + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
                insertOlder = dialect == Dialect.POSTGRESQL
                        ? connection.prepareStatement(insertSql + " ON CONFLICT DO NOTHING RETURNING id")
                        : connection.prepareStatement(insertSql);
            }
        }

        Outcome store(ArchivedMessage m) throws SQLException {
            if (m.stanzaId().isPresent() && find(byStanzaId, m.archive(), m.stanzaId().get()).isPresent()) {
                return Outcome.DUPLICATE;
            }
            Optional<String> key = m.matchKey();
            OptionalLong pending = key.isPresent() ? find(byPendingKey, m.archive(), key.get()) : OptionalLong.empty();
            if (pending.isPresent()) {
                if (m.stanzaId().isEmpty()) {
                    return Outcome.DUPLICATE;
                }
                complete.setString(1, m.stanzaId().get());
                complete.setLong(2, pending.getAsLong());
                complete.executeUpdate();
                return Outcome.COMPLETED;
            }
            OptionalLong inserted = insert(m, key);
            if (inserted.isEmpty()) {
                return Outcome.DUPLICATE;
            }
            if (m.body().isPresent()) {
                unindexed.setLong(1, inserted.getAsLong());
                unindexed.addBatch();
            }
            return Outcome.NEW;
        }

        private OptionalLong find(PreparedStatement query, String archive, String value) throws SQLException {
            query.setString(1, account);
            query.setString(2, archive);
            query.setString(3, value);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }

        private OptionalLong insert(ArchivedMessage m, Optional<String> key) throws SQLException {
            if (!olderIds.isEmpty()) {
                long id = olderIds.poll();
                insertOlder.setLong(1, id);
                bind(insertOlder, 1, m, key);
                if (dialect == Dialect.POSTGRESQL) {
                    try (ResultSet rs = insertOlder.executeQuery()) {
                        return rs.next() ? OptionalLong.of(id) : OptionalLong.empty();
                    }
                }
                insertOlder.executeUpdate();
                return OptionalLong.of(id);
            }
            bind(insert, 0, m, key);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                return keys.next() ? OptionalLong.of(keys.getLong(1)) : OptionalLong.empty();
            }
        }

        private void bind(PreparedStatement ps, int offset, ArchivedMessage m, Optional<String> key)
                throws SQLException {
            ps.setString(offset + 1, account);
            ps.setString(offset + 2, m.archive());
            ps.setString(offset + 3, m.stanzaId().orElse(null));
            ps.setString(offset + 4, m.originId().orElse(null));
            ps.setString(offset + 5, m.messageId().orElse(null));
            ps.setString(offset + 6, key.orElse(null));
            ps.setString(offset + 7, m.direction().value());
            ps.setString(offset + 8, m.from());
            ps.setString(offset + 9, m.to());
            ps.setString(offset + 10, m.peer());
            ps.setString(offset + 11, m.type());
            ps.setString(offset + 12, m.thread().orElse(null));
            ps.setString(offset + 13, m.body().orElse(null));
            ps.setBoolean(offset + 14, m.hasBody());
            ps.setObject(offset + 15, OffsetDateTime.ofInstant(m.timestamp(), ZoneOffset.UTC));
            ps.setString(offset + 16, m.rawXml());
        }

        /** Lists the messages stored for the word index, and releases the statements. */
        @Override
        public void close() throws SQLException {
            try {
                unindexed.executeBatch();
            } finally {
                for (PreparedStatement ps : List.of(byStanzaId, byPendingKey, complete, insert, unindexed)) {
                    ps.close();
                }
                if (insertOlder != null) {
                    insertOlder.close();
                }
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
