package dev.xmppd.daemon.store;

import java.nio.file.Path;
import java.sql.Connection;

/** The embedded H2 file {@code <prefix>.mv.db} (see {@link DatabaseFile}). */
record H2Database(Path prefix) implements Database {

    @Override
    public Connection open() {
        return DatabaseFile.open(prefix);
    }

    @Override
    public void check() {
        DatabaseFile.check(prefix);
    }

    @Override
    public String describe() {
        return DatabaseFile.file(prefix).toString();
    }

    @Override
    public void close() {
        // nothing shared: each store actor closes its own connection when it stops
    }
}
