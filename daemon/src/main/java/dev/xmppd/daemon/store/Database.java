package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.StoreSettings;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * The database behind {@link Store} and {@link ArchiveStore}: the embedded H2 file in the data dir, or a PostgreSQL
 * database (shared by several daemons) through a connection pool. Each store actor holds one connection and asks
 * for a new one when it died ({@link DatabaseFile#alive}). Closed once the actor system has stopped.
 */
public sealed interface Database extends AutoCloseable permits H2Database, PostgresDatabase {

    /** A new connection with auto-commit off; throws {@link DatabaseFile.Unavailable} saying what to do. */
    Connection open();

    /**
     * Opens, migrates and closes: the check at start, so an unreachable or unreadable database stops xmppd with a
     * clear message before any actor starts. Throws {@link DatabaseFile.Unavailable}.
     */
    void check();

    /**
     * A connection was found ended by the server: the other connections the pool keeps idle were most likely ended
     * with it (a restart, a failover, an administrator), so none of them is handed out again.
     */
    default void connectionLost() {
    }

    /** Where the data is, for logs: the file, or the URL without its parameters (never a password). */
    String describe();

    /** Releases the pool (PostgreSQL); the H2 connections are the actors' own. */
    @Override
    void close();

    static Database h2(Path prefix) {
        return new H2Database(prefix);
    }

    /** The database {@code settings} name; {@code h2Prefix} is the H2 file prefix in the data dir. */
    static Database of(StoreSettings settings, Path h2Prefix) {
        return switch (settings) {
            case StoreSettings.H2 h2 -> h2(h2Prefix);
            case StoreSettings.Postgresql postgresql -> new PostgresDatabase(postgresql);
        };
    }
}
