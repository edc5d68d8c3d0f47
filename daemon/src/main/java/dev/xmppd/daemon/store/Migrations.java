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
 *
 * <p>One script serves H2 and PostgreSQL. V1..V3 were written for H2 alone and use what PostgreSQL spells otherwise
 * ({@code CLOB} is {@code TEXT}; a generated column needs {@code STORED}): those have a PostgreSQL variant,
 * {@code db/migration/postgresql/V<n>__<what>.sql}, with the same tables, columns and constraints, and their H2
 * text is unchanged. New migrations use the common subset and need no variant. On PostgreSQL, where several
 * daemons may share one database and start together, an advisory lock lets one of them migrate at a time.
 */
public final class Migrations {
    private static final String DIR = "db/migration/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    /** PostgreSQL advisory lock key held while migrating ("xmppd" in ASCII). */
    private static final long MIGRATION_LOCK = 0x786d707064L;

    /** One migration file. */
    public record Migration(int version, String description, String sql) {
    }

    private Migrations() {
    }

    /** Applies the missing migrations; returns the versions applied now (empty when the schema was current). */
    public static List<Integer> apply(Connection connection) throws SQLException {
        Dialect dialect = Dialect.of(connection);
        List<Migration> migrations = bundled(dialect);
        if (dialect == Dialect.H2) {
            return apply(connection, migrations);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
        }
        try {
            return apply(connection, migrations);
        } finally {
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    static List<Integer> apply(Connection connection, List<Migration> migrations) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, description VARCHAR(255) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        int current = currentVersion(connection);
        if (!connection.getAutoCommit()) {
            // PostgreSQL's DDL is transactional: schema_version exists for the others once this commits.
            connection.commit();
        }
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

    /** The migrations in the jar for H2, in INDEX order, checked to be numbered 1, 2, 3... */
    public static List<Migration> bundled() {
        return bundled(Dialect.H2);
    }

    /** The migrations for {@code dialect}: each one's variant for it where there is one. */
    static List<Migration> bundled(Dialect dialect) {
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
            String variant = "postgresql/" + name;
            boolean own = dialect == Dialect.POSTGRESQL && exists(variant);
            result.add(new Migration(version, m.group(2).replace('_', ' '), resource(own ? variant : name)));
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

    private static boolean exists(String name) {
        return Migrations.class.getClassLoader().getResource(DIR + name) != null;
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
