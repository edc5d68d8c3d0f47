package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.config.PresenceSettings;
import java.nio.file.Path;
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

/** The {@code accounts} table. The password column holds only a reference (path, command, credential name). */
final class AccountTable {
    private static final String COLUMNS = "jid, enabled, declared, host, port, direct_tls, trusted_cert_path, pin_sha256,"
            + " resource, password_kind, password_ref, presence_show, presence_status, presence_priority, created";

    private AccountTable() {
    }

    /** A row as read back, with its creation time. */
    record Row(AccountSettings settings, Instant created) {
    }

    static void insert(Connection c, AccountSettings a, Instant created) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            bind(ps, a);
            ps.setObject(15, OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** A declared account: updated when it exists (keeping its creation time), else inserted. */
    static void declare(Connection c, AccountSettings a, Instant created) throws SQLException {
        if (find(c, a.jid()).isPresent()) {
            update(c, a);
        } else {
            insert(c, a, created);
        }
    }

    /** Updates every setting but the creation time. */
    static void update(Connection c, AccountSettings a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET jid = ?, enabled = ?, declared = ?, host = ?, port = ?,"
                + " direct_tls = ?, trusted_cert_path = ?, pin_sha256 = ?, resource = ?, password_kind = ?, password_ref = ?,"
                + " presence_show = ?, presence_status = ?, presence_priority = ? WHERE jid = ?")) {
            bind(ps, a);
            ps.setString(15, a.jid());
            ps.executeUpdate();
        }
    }

    static boolean delete(Connection c, String jid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM accounts WHERE jid = ?")) {
            ps.setString(1, jid);
            return ps.executeUpdate() > 0;
        }
    }

    static Optional<Row> find(Connection c, String jid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE jid = ?")) {
            ps.setString(1, jid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    static List<Row> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY "
                + Dialect.of(c).textOrder("jid"));
             ResultSet rs = ps.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row(rs));
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement ps, AccountSettings a) throws SQLException {
        ps.setString(1, a.jid());
        ps.setBoolean(2, a.enabled());
        ps.setBoolean(3, a.declared());
        ps.setString(4, a.host().orElse(null));
        if (a.port().isPresent()) {
            ps.setInt(5, a.port().getAsInt());
        } else {
            ps.setNull(5, Types.INTEGER);
        }
        ps.setBoolean(6, a.directTls());
        ps.setString(7, a.trustedCert().map(Path::toString).orElse(null));
        ps.setString(8, a.pinSha256().orElse(null));
        ps.setString(9, a.resource().orElse(null));
        ps.setString(10, kind(a.password()));
        ps.setString(11, reference(a.password()));
        ps.setString(12, a.presence().show());
        ps.setString(13, a.presence().status());
        ps.setInt(14, a.presence().priority());
    }

    private static Row row(ResultSet rs) throws SQLException {
        int port = rs.getInt("port");
        OptionalInt portValue = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(port);
        AccountSettings settings = new AccountSettings(
                rs.getString("jid"),
                rs.getBoolean("enabled"),
                Optional.ofNullable(rs.getString("host")),
                portValue,
                rs.getBoolean("direct_tls"),
                Optional.ofNullable(rs.getString("trusted_cert_path")).map(Path::of),
                Optional.ofNullable(rs.getString("pin_sha256")),
                Optional.ofNullable(rs.getString("resource")),
                source(rs.getString("password_kind"), rs.getString("password_ref")),
                new PresenceSettings(rs.getString("presence_show"), rs.getString("presence_status"),
                        rs.getInt("presence_priority")),
                rs.getBoolean("declared"));
        return new Row(settings, rs.getObject("created", OffsetDateTime.class).toInstant());
    }

    private static String kind(PasswordSource source) {
        return switch (source) {
            case PasswordSource.File f -> "file";
            case PasswordSource.Command cmd -> "command";
            case PasswordSource.Credential cred -> "credential";
            case PasswordSource.Stored s -> "stored";
        };
    }

    private static String reference(PasswordSource source) {
        return switch (source) {
            case PasswordSource.File f -> f.path().toString();
            case PasswordSource.Command cmd -> cmd.command();
            case PasswordSource.Credential cred -> cred.name();
            case PasswordSource.Stored s -> s.path().toString();
        };
    }

    private static PasswordSource source(String kind, String reference) throws SQLException {
        return switch (kind) {
            case "file" -> new PasswordSource.File(Path.of(reference));
            case "command" -> new PasswordSource.Command(reference);
            case "credential" -> new PasswordSource.Credential(reference);
            case "stored" -> new PasswordSource.Stored(Path.of(reference));
            default -> throw new SQLException("unknown password_kind '" + kind + "' in accounts");
        };
    }
}
