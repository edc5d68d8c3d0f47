package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that differs between the two databases xmppd runs on. Everything else (tables, LIMIT, identity columns,
 * {@code TIMESTAMP WITH TIME ZONE}) is written once in the subset both understand; migrations written before
 * PostgreSQL was supported have a PostgreSQL variant (see {@link Migrations}).
 */
enum Dialect {
    H2,
    POSTGRESQL;

    /** The dialect of the database {@code c} is connected to. */
    static Dialect of(Connection c) throws SQLException {
        return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) ? POSTGRESQL : H2;
    }

    /**
     * {@code ORDER BY} on text columns, in code point order on both: PostgreSQL would otherwise sort by the
     * database's collation (say en_US: case and punctuation ignored at first), so lists would come out in another
     * order than on H2.
     */
    String textOrder(String... columns) {
        return switch (this) {
            case H2 -> String.join(", ", columns);
            case POSTGRESQL -> java.util.Arrays.stream(columns).map(c -> c + " COLLATE \"C\"")
                    .collect(Collectors.joining(", "));
        };
    }

    /**
     * Inserts a row, or replaces the non-key columns of the row with the same {@code key}: H2's
     * {@code MERGE ... KEY (...)}, PostgreSQL's {@code INSERT ... ON CONFLICT (...) DO UPDATE} (which needs a unique
     * constraint on exactly {@code key}; every upsert here targets a primary key). One {@code ?} per column, in order.
     */
    String upsert(String table, List<String> columns, List<String> key) {
        String names = String.join(", ", columns);
        String values = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + names + ") KEY (" + String.join(", ", key) + ") VALUES ("
                    + values + ")";
            case POSTGRESQL -> {
                List<String> rest = columns.stream().filter(c -> !key.contains(c)).toList();
                yield "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON CONFLICT ("
                        + String.join(", ", key) + ") DO " + (rest.isEmpty() ? "NOTHING" : "UPDATE SET "
                        + rest.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
            }
        };
    }
}
