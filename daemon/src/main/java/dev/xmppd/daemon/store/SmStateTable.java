package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code sm_session} and {@code sm_unacked} tables (migration V3): one account's XEP-0198 state. A write
 * replaces the header, drops the stanzas the server acknowledged and adds the new ones, so a long session costs a
 * write per change, not per queue length.
 */
final class SmStateTable {
    private SmStateTable() {
    }

    /** Stores {@code state}; its {@code unacked} are the stanzas not stored yet (older ones stay). */
    static void save(Connection c, String account, SmState state) throws SQLException {
        Dialect dialect = Dialect.of(c);
        try (PreparedStatement ps = c.prepareStatement(dialect.upsert("sm_session", List.of("account", "resumption_id",
                "location", "bound_jid", "resumable", "max_seconds", "inbound_base", "inbound_handled", "outbound_base",
                "outbound_acked", "outbound_sent", "resumptions", "updated_at"), List.of("account")))) {
            ps.setString(1, account);
            ps.setString(2, state.resumptionId().orElse(null));
            ps.setString(3, state.location().orElse(null));
            ps.setString(4, state.boundJid().orElse(null));
            ps.setBoolean(5, state.resumable());
            if (state.maxSeconds().isPresent()) {
                ps.setLong(6, state.maxSeconds().getAsLong());
            } else {
                ps.setNull(6, Types.BIGINT);
            }
            ps.setLong(7, state.inboundBase());
            ps.setLong(8, state.inboundHandled());
            ps.setLong(9, state.outboundBase());
            ps.setLong(10, state.outboundAcked());
            ps.setLong(11, state.outboundSent());
            ps.setInt(12, state.resumptions());
            ps.setObject(13, state.updatedAt().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sm_unacked WHERE account = ? AND position <= ?")) {
            ps.setString(1, account);
            ps.setLong(2, state.outboundAcked());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.upsert("sm_unacked",
                List.of("account", "position", "stanza"), List.of("account", "position")))) {
            for (SmState.Stanza stanza : state.unacked()) {
                if (stanza.position() > state.outboundAcked()) {
                    ps.setString(1, account);
                    ps.setLong(2, stanza.position());
                    ps.setString(3, stanza.xml());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    static Optional<SmState> load(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT resumption_id, location, bound_jid, resumable,"
                + " max_seconds, inbound_base, inbound_handled, outbound_base, outbound_acked, outbound_sent,"
                + " resumptions, updated_at FROM sm_session WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long max = rs.getLong(5);
                OptionalLong maxSeconds = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
                return Optional.of(new SmState(Optional.ofNullable(rs.getString(1)), Optional.ofNullable(rs.getString(2)),
                        Optional.ofNullable(rs.getString(3)), rs.getBoolean(4), maxSeconds, rs.getLong(6),
                        rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getInt(11),
                        rs.getObject(12, OffsetDateTime.class).toInstant(), unacked(c, account, rs.getLong(9))));
            }
        }
    }

    static void delete(Connection c, String account) throws SQLException {
        for (String table : List.of("sm_unacked", "sm_session")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE account = ?")) {
                ps.setString(1, account);
                ps.executeUpdate();
            }
        }
    }

    private static List<SmState.Stanza> unacked(Connection c, String account, long acked) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT position, stanza FROM sm_unacked WHERE account = ? AND position > ? ORDER BY position")) {
            ps.setString(1, account);
            ps.setLong(2, acked);
            try (ResultSet rs = ps.executeQuery()) {
                List<SmState.Stanza> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new SmState.Stanza(rs.getLong(1), rs.getString(2)));
                }
                return out;
            }
        }
    }
}
