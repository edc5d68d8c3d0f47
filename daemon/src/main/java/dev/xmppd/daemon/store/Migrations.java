package dev.xmppd.daemon.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations from the jar: {@code db/migration/INDEX} lists {@code V<n>__<what>.sql} in order;
 * each version is applied once and recorded in {@code schema_version}. A database newer than this build is refused
 * rather than silently misread.
 */
public final class Migrations {
    private static final String DIR = "db/migration/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One migration file. */
    public record Migration(int version, String description, String sql) {
    }

    private Migrations() {
    }

    /** Applies the missing migrations; returns the versions applied now (empty when the schema was current). */
    public static List<Integer> apply(Connection connection) throws SQLException {
        return apply(connection, bundled());
    }

    static List<Integer> apply(Connection connection, List<Migration> migrations) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, description VARCHAR(255) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        int current = currentVersion(connection);
        int latest = migrations.isEmpty() ? 0 : migrations.getLast().version();
        if (current > latest) {
            throw new SQLException("the database schema is version " + current + " but this xmppd knows only up to "
                    + latest + ": run a newer xmppd or restore a backup of the data dir");
        }
        List<Integer> applied = new ArrayList<>();
        for (Migration m : migrations) {
            if (m.version() <= current) {
                continue;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (String sql : statements(m.sql())) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setObject(3, OffsetDateTime.now());
                    ps.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new SQLException("migration V" + m.version() + " (" + m.description() + ") failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            applied.add(m.version());
        }
        return applied;
    }

    public static int currentVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The migrations in the jar, in INDEX order, checked to be numbered 1, 2, 3... */
    public static List<Migration> bundled() {
        List<Migration> result = new ArrayList<>();
        for (String line : resource("INDEX").split("\n")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("bad migration name in " + DIR + "INDEX: " + name);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != result.size() + 1) {
                throw new IllegalStateException("migration " + name + " is out of sequence: expected V" + (result.size() + 1));
            }
            result.add(new Migration(version, m.group(2).replace('_', ' '), resource(name)));
        }
        return List.copyOf(result);
    }

    /** Splits a script on ';' at the end of a line; '--' comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR + name, e);
        }
    }
}
