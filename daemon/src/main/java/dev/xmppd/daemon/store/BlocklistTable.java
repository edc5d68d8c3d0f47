package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code blocklist} table (XEP-0191: full list on login, block/unblock pushes after). */
final class BlocklistTable {
    private BlocklistTable() {
    }

    static void replace(Connection c, String account, List<String> jids) throws SQLException {
        unblockAll(c, account);
        block(c, account, jids);
    }

    static void block(Connection c, String account, List<String> jids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Dialect.of(c).upsert("blocklist", List.of("account", "jid"),
                List.of("account", "jid")))) {
            for (String jid : jids) {
                ps.setString(1, account);
                ps.setString(2, jid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void unblock(Connection c, String account, List<String> jids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM blocklist WHERE account = ? AND jid = ?")) {
            for (String jid : jids) {
                ps.setString(1, account);
                ps.setString(2, jid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** XEP-0191 §3.4: an unblock without items empties the list. */
    static void unblockAll(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM blocklist WHERE account = ?")) {
            ps.setString(1, account);
            ps.executeUpdate();
        }
    }

    static List<String> jids(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT jid FROM blocklist WHERE account = ? ORDER BY "
                + Dialect.of(c).textOrder("jid"))) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
