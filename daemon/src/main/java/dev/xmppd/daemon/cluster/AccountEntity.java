package dev.xmppd.daemon.cluster;

import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.store.AccountClaims;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One account as a Cluster Sharding entity, keyed by its bare JID: sharding runs it on exactly one node, and while it
 * lives that node's {@link Accounts} runs the account. On start it claims the account in the store (the fencing epoch
 * of {@link dev.xmppd.daemon.store.Ownership}), then starts it locally; it checks the claim every {@code checkEvery}
 * and stops the account when another node claimed it, or when it was disabled or removed. When sharding moves it
 * (a rebalance, this node leaving) it releases the account, leaving the XEP-0198 session for the next node.
 */
public final class AccountEntity {
    public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "account");

    public sealed interface Command {
    }

    /** Run the account (sent by every node's {@link AccountPlacement}; nothing to do once it runs). */
    public record Ensure(String jid) implements Command, ClusterMessage {
    }

    /** Its settings changed, or it was disabled or removed: read it again now. */
    public record Reload(String jid) implements Command, ClusterMessage {
    }

    /** A control request ({@code send}, {@code roster.add}, ...) given to another node: run it here. */
    public record Forward(Accounts.AccountRequest request) implements Command, ClusterMessage {
    }

    /** {@code xmppctl sync} given to another node: catch up the archives here, the reply goes back to that node. */
    public record Sync(ActorRef<ArchiveSync.SyncReply> replyTo) implements Command, ClusterMessage {
    }

    /** Sharding's stop message: the entity moves to another node. */
    public enum Handoff implements Command { INSTANCE }

    private record Claimed(AccountClaims.Claim claim) implements Command {
    }

    private enum Tick implements Command { INSTANCE }

    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String jid;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final ActorRef<AccountClaims.Command> claimsStore;
    private final ActorRef<Accounts.Command> accounts;
    private final ActorRef<AccountClaims.Claim> claims;

    private AccountEntity(String jid, ActorContext<Command> context, TimerScheduler<Command> timers,
                          ActorRef<AccountClaims.Command> claimsStore, ActorRef<Accounts.Command> accounts) {
        this.jid = jid;
        this.context = context;
        this.timers = timers;
        this.claimsStore = claimsStore;
        this.accounts = accounts;
        this.claims = context.messageAdapter(AccountClaims.Claim.class, Claimed::new);
    }

    public static Behavior<Command> create(String jid, ActorRef<AccountClaims.Command> claimsStore,
                                           ActorRef<Accounts.Command> accounts, Duration checkEvery) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            AccountEntity entity = new AccountEntity(jid, context, timers, claimsStore, accounts);
            claimsStore.tell(new AccountClaims.ClaimAccount(jid, entity.claims));
            return entity.claiming(checkEvery);
        }));
    }

    private Behavior<Command> claiming(Duration checkEvery) {
        return Behaviors.receive(Command.class)
                .onMessage(Claimed.class, m -> {
                    AccountClaims.Claim claim = m.claim();
                    if (claim.failed()) {
                        timers.startSingleTimer(Tick.INSTANCE, RETRY);
                        return Behaviors.same();
                    }
                    if (claim.account().isEmpty()) {
                        return Behaviors.stopped();
                    }
                    context.getLog().info("account {} runs on this node (claim {})", jid, claim.epoch());
                    accounts.tell(new Accounts.Start(claim.account().get(), context.getSystem().ignoreRef()));
                    timers.startTimerWithFixedDelay(Tick.INSTANCE, checkEvery);
                    return owning(claim.account().get(), claim.epoch());
                })
                .onMessage(Tick.class, m -> {
                    claimsStore.tell(new AccountClaims.ClaimAccount(jid, claims));
                    return Behaviors.same();
                })
                .onMessage(Ensure.class, m -> Behaviors.same())
                .onMessage(Reload.class, m -> Behaviors.same())
                .onMessage(Forward.class, m -> {
                    m.request().replyTo().tell(new Accounts.Rejected(Accounts.Reason.NOT_ONLINE, "account " + jid
                            + " is being started (or is disabled)"));
                    return Behaviors.same();
                })
                .onMessage(Sync.class, m -> {
                    m.replyTo().tell(new ArchiveSync.NotSynced(jid, "account " + jid
                            + " is being started (or is disabled)"));
                    return Behaviors.same();
                })
                .onMessage(Handoff.class, m -> Behaviors.stopped())
                .build();
    }

    private Behavior<Command> owning(AccountSettings settings, long epoch) {
        return Behaviors.receive(Command.class)
                .onMessage(Ensure.class, m -> Behaviors.same())
                .onMessage(Forward.class, m -> {
                    accounts.tell(m.request());
                    return Behaviors.same();
                })
                .onMessage(Sync.class, m -> {
                    accounts.tell(new Accounts.SyncArchive(jid, m.replyTo()));
                    return Behaviors.same();
                })
                .onMessage(Tick.class, m -> check(epoch))
                .onMessage(Reload.class, m -> check(epoch))
                .onMessage(Claimed.class, m -> onChecked(m.claim(), settings, epoch))
                .onMessage(Handoff.class, m -> Behaviors.stopped())
                // Every way out (handoff, lost claim, this node stopping) releases the account here.
                .onSignal(PostStop.class, s -> {
                    accounts.tell(new Accounts.Release(jid, context.getSystem().ignoreRef()));
                    claimsStore.tell(new AccountClaims.ReleaseAccount(jid, epoch));
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> check(long epoch) {
        claimsStore.tell(new AccountClaims.CheckClaim(jid, epoch, claims));
        return Behaviors.same();
    }

    private Behavior<Command> onChecked(AccountClaims.Claim claim, AccountSettings settings, long epoch) {
        if (claim.failed()) {
            return Behaviors.same();
        }
        Optional<AccountSettings> now = claim.account();
        if (now.isEmpty()) {
            context.getLog().info("account {} is disabled, removed, or run by another node now: stopped here", jid);
            accounts.tell(new Accounts.Remove(jid, context.getSystem().ignoreRef()));
            return Behaviors.stopped();
        }
        if (!now.get().equals(settings)) {
            accounts.tell(new Accounts.Start(now.get(), context.getSystem().ignoreRef()));
            return owning(now.get(), epoch);
        }
        return Behaviors.same();
    }
}
