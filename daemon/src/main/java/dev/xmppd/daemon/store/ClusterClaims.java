package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.AccountSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;

/** A cluster node's work on the accounts tables, inside the caller's transaction (PostgreSQL). */
final class ClusterClaims {
    private ClusterClaims() {
    }

    /**
     * Every node's config declares accounts: this node's declarations replace its own earlier ones, and only
     * accounts that no node declares any more are disabled (their archive is kept).
     */
    static void syncDeclared(Connection c, String node, List<AccountSettings> declared, Instant now, Logger log)
            throws SQLException {
        for (AccountSettings a : declared) {
            AccountTable.declare(c, a, now);
        }
        DeclarationTable.replace(c, node, declared);
        for (String jid : DeclarationTable.orphans(c)) {
            Optional<AccountTable.Row> row = AccountTable.find(c, jid);
            if (row.isPresent()) {
                AccountSettings old = row.get().settings();
                AccountTable.update(c, old.undeclared());
                log.info("account {} is no longer in any node's config: disabled, archive kept", jid);
            }
        }
    }

    /**
     * With {@code epoch} empty, claims an enabled account for this node (the next epoch); with an epoch, checks that
     * it is still the account's current claim. No settings in the answer: the account is gone or disabled, or
     * (check) another node claimed it since.
     */
    static AccountClaims.Claim claim(Connection c, Ownership ownership, String jid, OptionalLong epoch, Instant now)
            throws SQLException {
        Optional<AccountSettings> account = AccountTable.find(c, jid).map(AccountTable.Row::settings)
                .filter(AccountSettings::enabled);
        long held = epoch.orElse(0);
        if (account.isPresent() && epoch.isEmpty()) {
            held = ownership.claim(c, jid, now);
        } else if (account.isPresent() && !Ownership.current(c, jid, held)) {
            account = Optional.empty();
        }
        return new AccountClaims.Claim(account, held, false);
    }
}
