package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The {@code disco} table: the disco#info results of the last login, replaced as a whole. */
final class DiscoTable {
    private DiscoTable() {
    }

    static void replace(Connection c, String account, List<DiscoInfo> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM disco WHERE account = ?")) {
            ps.setString(1, account);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(Dialect.of(c).upsert("disco", List.of("account", "entity", "node",
                "identities_json", "features_json", "fetched_at"), List.of("account", "entity", "node")))) {
            for (DiscoInfo info : entries) {
                ps.setString(1, account);
                ps.setString(2, info.entity());
                ps.setString(3, info.node());
                ps.setString(4, JsonColumns.identities(info.identities()));
                ps.setString(5, JsonColumns.strings(info.features()));
                ps.setObject(6, OffsetDateTime.ofInstant(info.fetchedAt(), ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<DiscoInfo> entries(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT entity, node, identities_json, features_json, fetched_at"
                + " FROM disco WHERE account = ? ORDER BY " + Dialect.of(c).textOrder("entity", "node"))) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                List<DiscoInfo> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new DiscoInfo(rs.getString(1), rs.getString(2), JsonColumns.identities(rs.getString(3)),
                            JsonColumns.strings(rs.getString(4)), rs.getObject(5, OffsetDateTime.class).toInstant()));
                }
                return out;
            }
        }
    }
}
