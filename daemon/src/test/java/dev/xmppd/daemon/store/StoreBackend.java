package dev.xmppd.daemon.store;

import dev.xmppd.daemon.SharedPostgres;
import java.nio.file.Path;

/** The databases the store tests run on (with {@code @ParameterizedClass}); each {@link #open} is a new, empty one. */
enum StoreBackend {
    H2,
    POSTGRESQL;

    /** A new empty database: an H2 file in {@code dir}, or a new database in the shared PostgreSQL. */
    Database open(Path dir) {
        return switch (this) {
            case H2 -> Database.h2(dir.resolve("xmppd"));
            case POSTGRESQL -> Database.of(SharedPostgres.freshStore(dir), dir.resolve("xmppd"));
        };
    }
}
