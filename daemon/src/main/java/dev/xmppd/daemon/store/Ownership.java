package dev.xmppd.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which accounts this node owns in a cluster, as fencing tokens: {@link #claim} takes an account over in the
 * {@code account_owner} table with the next epoch, and every write of that account's archive or stream state
 * ({@link #check}) first reads the row under a share lock and fails with {@link Lost} when another node claimed it
 * since. The share lock makes a claim wait for a write in flight, so no write of the old owner lands after the new
 * owner's claim. Alone (no cluster) there is nothing to check.
 *
 * <p>Shared by this node's {@link Store} and {@link ArchiveStore} (a concurrent map, like {@link StoreHealth}).
 */
public final class Ownership {
    private final Optional<String> node;
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();

    private Ownership(Optional<String> node) {
        this.node = node;
    }

    /** One daemon on its own: every account is ours. */
    public static Ownership single() {
        return new Ownership(Optional.empty());
    }

    /** A cluster node named {@code node}. */
    public static Ownership cluster(String node) {
        return new Ownership(Optional.of(node));
    }

    /** This node's name in a cluster; empty alone. */
    public Optional<String> node() {
        return node;
    }

    /** The write was refused: another node has claimed the account. */
    public static final class Lost extends RuntimeException {
        Lost(String account) {
            super("account " + account + " is run by another node now; not writing", null, false, false);
        }
    }

    /** Takes the account over (PostgreSQL): the next epoch, recorded as ours. */
    long claim(Connection c, String account, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO account_owner (account, node, epoch, claimed_at)"
                + " VALUES (?, ?, 1, ?) ON CONFLICT (account) DO UPDATE SET node = EXCLUDED.node,"
                + " epoch = account_owner.epoch + 1, claimed_at = EXCLUDED.claimed_at RETURNING epoch")) {
            ps.setString(1, account);
            ps.setString(2, node.orElseThrow());
            ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Call after the claim committed. */
    void held(String account, long epoch) {
        epochs.put(account, epoch);
    }

    /** This node stopped running the account (it moved, or was disabled). */
    void released(String account, long epoch) {
        epochs.remove(account, epoch);
    }

    /** Whether {@code epoch} is still the account's current claim. */
    static boolean current(Connection c, String account, long epoch) throws SQLException {
        return epoch(c, account, false).equals(OptionalLong.of(epoch));
    }

    /** Fails with {@link Lost} unless this node holds the account's current claim; a no-op alone. */
    void check(Connection c, String account) throws SQLException {
        if (node.isEmpty()) {
            return;
        }
        Long mine = epochs.get(account);
        if (mine == null || !epoch(c, account, true).equals(OptionalLong.of(mine))) {
            throw new Lost(account);
        }
    }

    private static OptionalLong epoch(Connection c, String account, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM account_owner WHERE account = ?"
                + (lock ? " FOR SHARE" : ""))) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
