package dev.xmppd.daemon;

import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.config.StoreSettings;
import dev.xmppd.testbed.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * One private PostgreSQL for the whole test run, started on first use and stopped when the JVM exits; every test
 * makes its own empty database in it ({@link #freshStore}).
 */
public final class SharedPostgres {
    private static PostgresServer server;

    private SharedPostgres() {
    }

    public static synchronized PostgresServer server() {
        if (server == null) {
            PostgresServer started = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgresql-stop"));
            server = started;
        }
        return server;
    }

    /**
     * A new empty database as a user configures it: {@code xmppd.store} with the URL, the role and a password file
     * (0600, written in {@code dir}).
     */
    public static StoreSettings.Postgresql freshStore(Path dir) {
        PostgresServer postgres = server();
        String url = postgres.createDatabase("xmppd");
        try {
            Files.createDirectories(dir);
            Path password = Files.createTempFile(dir, "postgresql-", ".password",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(password, postgres.password() + "\n");
            return new StoreSettings.Postgresql(url, Optional.of(PostgresServer.USER),
                    Optional.of(new PasswordSource.File(password)), 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
