package dev.xmppd.daemon.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.xmppd.daemon.config.Secret;
import dev.xmppd.daemon.config.StoreSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;

/**
 * A PostgreSQL database through a HikariCP pool, made on the first {@link #open()}. The password is read from its
 * source (file, command, credential) when a pool or the start check needs it, and handed to the driver only.
 */
final class PostgresDatabase implements Database {
    private final StoreSettings.Postgresql settings;
    private HikariDataSource pool;

    PostgresDatabase(StoreSettings.Postgresql settings) {
        this.settings = settings;
    }

    @Override
    public synchronized Connection open() {
        try {
            if (pool == null) {
                pool = new HikariDataSource(config());
            }
            return pool.getConnection();
        } catch (SQLException | RuntimeException e) {
            // A pool that could not start (the server is down, the password is wrong) is made again next time.
            throw unavailable(e);
        }
    }

    @Override
    public synchronized void connectionLost() {
        if (pool != null && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    public void check() {
        Properties properties = new Properties();
        settings.user().ifPresent(user -> properties.setProperty("user", user));
        password().ifPresent(password -> properties.setProperty("password", password));
        try (Connection connection = DriverManager.getConnection(settings.url(), properties)) {
            connection.setAutoCommit(false);
            Migrations.apply(connection);
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public String describe() {
        return settings.describe() + settings.user().map(user -> " as " + user).orElse("");
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    private HikariConfig config() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("xmppd-store");
        config.setJdbcUrl(settings.url());
        settings.user().ifPresent(config::setUsername);
        password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        // Every unit of work is one transaction that the store commits or rolls back itself.
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        return config;
    }

    /** The password as the driver wants it (a String); the secret's own copy is cleared. */
    private Optional<String> password() {
        if (settings.password().isEmpty()) {
            return Optional.empty();
        }
        try {
            Secret secret = settings.password().get().read();
            char[] chars = secret.chars();
            secret.clear();
            String password = new String(chars);
            Arrays.fill(chars, '\0');
            return Optional.of(password);
        } catch (IOException e) {
            throw new DatabaseFile.Unavailable("cannot read the password of the PostgreSQL store ("
                    + settings.password().get().describe() + "): " + e.getMessage(), e);
        }
    }

    private DatabaseFile.Unavailable unavailable(Exception e) {
        if (e instanceof DatabaseFile.Unavailable unavailable) {
            return unavailable;
        }
        return new DatabaseFile.Unavailable("cannot use the PostgreSQL database " + describe() + ": "
                + DatabaseFile.describe(e) + ". Check xmppd.store (url, user, password) and that the server is up", e);
    }
}
