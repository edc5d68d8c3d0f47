package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.AccountSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code account_declarations}: in a cluster, which nodes' config files declare each account, so that one node's
 * config never disables an account another node declares (see V4__cluster.sql).
 */
final class DeclarationTable {
    private DeclarationTable() {
    }

    /** Replaces {@code node}'s declarations with {@code declared} (the accounts must exist). */
    static void replace(Connection c, String node, List<AccountSettings> declared) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM account_declarations WHERE node = ?")) {
            delete.setString(1, node);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO account_declarations (account, node) VALUES (?, ?)")) {
            for (AccountSettings a : declared) {
                insert.setString(1, a.jid());
                insert.setString(2, node);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Accounts marked declared that no node declares any more. */
    static List<String> orphans(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT jid FROM accounts a WHERE declared AND NOT EXISTS"
                + " (SELECT 1 FROM account_declarations d WHERE d.account = a.jid)");
             ResultSet rs = ps.executeQuery()) {
            List<String> jids = new ArrayList<>();
            while (rs.next()) {
                jids.add(rs.getString(1));
            }
            return jids;
        }
    }
}
