package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.AccountSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A cluster node's claims on accounts ({@link Ownership}), each in its own short transaction on a connection
 * borrowed from the pool for it. JDBC blocks: spawn it on {@link Store#DISPATCHER}.
 */
public final class AccountClaims {

    public sealed interface Command {
    }

    /**
     * Take the account over for this node when it exists and is enabled; the reply has its settings and the epoch of
     * the claim, or no settings (gone or disabled; or {@code failed}: the database failed, try again).
     */
    public record ClaimAccount(String jid, ActorRef<Claim> replyTo) implements Command {
    }

    /** Whether this node's claim {@code epoch} still holds and the account is enabled, with its settings. */
    public record CheckClaim(String jid, long epoch, ActorRef<Claim> replyTo) implements Command {
    }

    /** This node no longer runs the account: its writes for it are refused from now on. */
    public record ReleaseAccount(String jid, long epoch) implements Command {
    }

    public record Claim(Optional<AccountSettings> account, long epoch, boolean failed) {
    }

    private AccountClaims() {
    }

    public static Behavior<Command> create(Database database, Ownership ownership, Clock clock) {
        return Behaviors.setup(context -> Behaviors.receive(Command.class)
                .onMessage(ClaimAccount.class, m -> claim(context, database, ownership, clock, m.jid(), m.replyTo(),
                        OptionalLong.empty()))
                .onMessage(CheckClaim.class, m -> claim(context, database, ownership, clock, m.jid(), m.replyTo(),
                        OptionalLong.of(m.epoch())))
                .onMessage(ReleaseAccount.class, m -> {
                    ownership.released(m.jid(), m.epoch());
                    return Behaviors.same();
                })
                .build());
    }

    private static Behavior<Command> claim(ActorContext<Command> context, Database database, Ownership ownership,
                                           Clock clock, String jid, ActorRef<Claim> replyTo, OptionalLong epoch) {
        Claim claim;
        try (Connection c = database.open()) {
            try {
                claim = ClusterClaims.claim(c, ownership, jid, epoch, clock.instant());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                DatabaseFile.rollback(c, context.getLog());
                throw e;
            }
            if (claim.account().isPresent()) {
                ownership.held(jid, claim.epoch());
            }
        } catch (SQLException | RuntimeException e) {
            context.getLog().warn("claiming account {} failed: {}", jid, DatabaseFile.describe(e));
            claim = new Claim(Optional.empty(), epoch.orElse(0), true);
        }
        replyTo.tell(claim);
        return Behaviors.same();
    }
}
