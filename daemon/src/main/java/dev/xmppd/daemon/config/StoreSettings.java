package dev.xmppd.daemon.config;

/**
 * Where xmppd keeps its accounts, archive and stream state ({@code xmppd.store}, see conf/xmppd.conf): the embedded H2
 * file in the data dir (the default), or a PostgreSQL database that several daemons can share.
 */
public sealed interface StoreSettings {

    /** The default: H2 in embedded file mode, {@code <data-dir>/xmppd.mv.db}. */
    StoreSettings H2 = new H2();

    record H2() implements StoreSettings {
    }

    /**
     * A PostgreSQL database reached through a HikariCP pool.
     *
     * @param url      {@code jdbc:postgresql://host:port/database}; never logged beyond its {@code ?}
     * @param user     the role, when the URL does not name one
     * @param password read once at start, when given (a trust or peer login needs none)
     * @param poolSize the most connections this daemon opens (the account store and the archive hold one each)
     */
    record Postgresql(String url, java.util.Optional<String> user, java.util.Optional<PasswordSource> password,
                      int poolSize) implements StoreSettings {
        public Postgresql {
            java.util.Objects.requireNonNull(url, "url");
            java.util.Objects.requireNonNull(user, "user");
            java.util.Objects.requireNonNull(password, "password");
        }

        /** The URL without its parameters, which may hold a password: what logs and errors show. */
        public String describe() {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }
    }
}
