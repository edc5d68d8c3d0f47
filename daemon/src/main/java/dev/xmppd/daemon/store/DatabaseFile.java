package dev.xmppd.daemon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opening the H2 file ({@code <prefix>.mv.db}). A database that is locked by another process, damaged, or of an
 * unknown format is reported with the file's name and what to do; it is never replaced by a new empty one.
 */
public final class DatabaseFile {
    /** H2 error codes (org.h2.api.ErrorCode) that mean "in use" and "unreadable". */
    private static final int ALREADY_OPEN = 90020;
    private static final int FILE_CORRUPTED = 90030;
    private static final int FILE_VERSION = 90048;
    private static final int GENERAL = 50000;
    private static final int DATABASE_CLOSED = 90098;

    /** The database cannot be used; the message is for the user as is. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private DatabaseFile() {
    }

    /** Opens (creating when there is no file yet) in embedded mode, auto-commit off. The data dir is made 0700. */
    public static Connection open(Path prefix) {
        Path file = file(prefix);
        try {
            Path dir = prefix.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // WRITE_DELAY=0: a commit reaches the file before commit() returns. H2's default (500 ms) loses
            // committed transactions when the process dies (kill -9, OOM killer), and both the archive (acked
            // after commit) and XEP-0198 state (stored before the server hears of it) rely on a commit lasting.
            Connection connection = DriverManager.getConnection("jdbc:h2:file:" + prefix.toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "xmppd", "");
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw explain(file, e);
        } catch (IOException e) {
            throw new Unavailable("cannot create the data directory of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code c} while it is open, else a new connection. When a write fails in the file (a full disk), H2 closes the
     * whole database: every later call fails until the database is opened again, which works once there is room
     * (a PostgreSQL connection dies with its server or network; the pool gives a new one).
     * Throws {@link Unavailable} when it cannot be opened yet.
     */
    static Connection alive(Connection c, Database database) {
        try {
            if (!c.isClosed() && c.isValid(5)) {
                return c;
            }
            closeQuietly(c);
        } catch (SQLException e) {
            closeQuietly(c);
        }
        return database.open();
    }

    /**
     * After a failure that closed the database (a file write failed) or lost the connection to the database server,
     * drop {@code c} so the next call reopens.
     */
    static void dropIfDead(Connection c, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.h2.mvstore.")
                    || t instanceof SQLException s && s.getErrorCode() == DATABASE_CLOSED) {
                closeQuietly(c);
                return;
            }
        }
        if (connectionLost(failure)) {
            closeQuietly(c);
        }
    }

    /**
     * Whether {@code failure} says the database server ended or lost the connection (SQLSTATE class 08, or 57P01-03:
     * an administrator's or a shutdown's termination). The connection may die between the liveness check and the
     * work, so the caller runs the work once more on a new connection: its transaction was rolled back with it.
     */
    static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    /** Rolls back after a failed operation; a rollback that fails too is logged, the first failure is reported. */
    static void rollback(Connection c, org.slf4j.Logger log) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.error("rollback failed", e);
        }
    }

    /** Closes {@code c} when its actor stops; {@code failure} is the log line if that fails. */
    static void close(Connection c, org.slf4j.Logger log, String failure) {
        try {
            c.close();
        } catch (SQLException e) {
            log.warn(failure, e);
        }
    }

    /** The failure for the user: its first line and, when different, the root cause's (say "No space left on device"). */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = firstLine(failure.getMessage());
        return root == failure ? top : top + " (" + firstLine(root.getMessage()) + ")";
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // the database is gone already; the next call opens it again
        }
    }

    /** Opens, migrates and closes: the check at start, so a bad database stops xmppd with a clear message. */
    public static void check(Path prefix) {
        try (Connection connection = open(prefix)) {
            Migrations.apply(connection);
        } catch (SQLException e) {
            throw explain(file(prefix), e);
        }
    }

    public static Path file(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".mv.db").toAbsolutePath();
    }

    static Unavailable explain(Path file, SQLException e) {
        String detail = firstLine(e.getMessage());
        int code = e.getErrorCode();
        if (code == ALREADY_OPEN || detail.contains("may be already in use") || detail.contains("locked")) {
            return new Unavailable("the database " + file + " is in use by another process (another xmppd with the"
                    + " same data dir?): stop that process, or give this one another data-dir", e);
        }
        if (code == FILE_CORRUPTED || code == FILE_VERSION || code == GENERAL || fromFileFormat(e)) {
            return new Unavailable("the database " + file + " cannot be read (" + detail + "): it is damaged or not an"
                    + " xmppd database. xmppd never replaces it: restore it from a backup, or move it away to start"
                    + " with an empty archive", e);
        }
        return new Unavailable("cannot open the database " + file + ": " + detail, e);
    }

    /** An I/O error raised while H2 decodes the file (a short or garbled file), not by the file system. */
    private static boolean fromFileFormat(SQLException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.h2.mvstore.")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
