package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code roster} and {@code roster_version} tables (RFC 6121 §2.1.6 full result, §2.1.6 pushes, §2.6 versions). */
final class RosterTable {
    private RosterTable() {
    }

    static void replace(Connection c, String account, List<RosterItem> items, Optional<String> version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM roster WHERE account = ?")) {
            ps.setString(1, account);
            ps.executeUpdate();
        }
        for (RosterItem item : items) {
            merge(c, account, item);
        }
        setVersion(c, account, version);
    }

    /** A push: subscription "remove" deletes the item, anything else inserts or replaces it. */
    static void push(Connection c, String account, RosterItem item, Optional<String> version) throws SQLException {
        if (RosterItem.REMOVE.equals(item.subscription())) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM roster WHERE account = ? AND jid = ?")) {
                ps.setString(1, account);
                ps.setString(2, item.jid());
                ps.executeUpdate();
            }
        } else {
            merge(c, account, item);
        }
        if (version.isPresent()) {
            setVersion(c, account, version);
        }
    }

    static List<RosterItem> items(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT jid, name, subscription, ask, groups_json FROM roster WHERE account = ? ORDER BY "
                        + Dialect.of(c).textOrder("jid"))) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                List<RosterItem> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RosterItem(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getString(3),
                            rs.getBoolean(4), JsonColumns.strings(rs.getString(5))));
                }
                return out;
            }
        }
    }

    static Optional<String> version(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM roster_version WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void merge(Connection c, String account, RosterItem item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Dialect.of(c).upsert("roster",
                List.of("account", "jid", "name", "subscription", "ask", "groups_json"), List.of("account", "jid")))) {
            ps.setString(1, account);
            ps.setString(2, item.jid());
            ps.setString(3, item.name().orElse(null));
            ps.setString(4, item.subscription());
            ps.setBoolean(5, item.askSubscribe());
            ps.setString(6, JsonColumns.strings(item.groups()));
            ps.executeUpdate();
        }
    }

    private static void setVersion(Connection c, String account, Optional<String> version) throws SQLException {
        if (version.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM roster_version WHERE account = ?")) {
                ps.setString(1, account);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(Dialect.of(c).upsert("roster_version",
                List.of("account", "version"), List.of("account")))) {
            ps.setString(1, account);
            ps.setString(2, version.get());
            ps.executeUpdate();
        }
    }
}
