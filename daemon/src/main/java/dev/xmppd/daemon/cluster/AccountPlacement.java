package dev.xmppd.daemon.cluster;

import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.store.Store;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Keeps every enabled account of the shared accounts table running somewhere: each node, once it is up, asks
 * sharding to {@link AccountEntity.Ensure} each enabled account every {@code interval}, and more often for a while
 * after a member joined or left (doubling pauses from 1 s), so the accounts of a dead node start on the others as
 * soon as sharding has given its shards new homes. An account already running ignores the message. This stands
 * in for Pekko's remember-entities: the accounts table is the list of entities, and it survives a restart of the
 * whole cluster.
 *
 * <p>Placing starts once {@code minMembers} nodes are up, so that the first nodes do not take every account only to
 * hand most over as the others join; after that it goes on with fewer. This is not Pekko's
 * {@code min-nr-of-members}: with that, a shard coordinator that moved (its node died) waits for that many regions
 * and never allocates the dead node's shards.
 */
public final class AccountPlacement {

    public sealed interface Command {
    }

    private enum Tick implements Command { INSTANCE }

    private record Burst(long pause) implements Command {
    }

    private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {
    }

    private record Listed(List<AccountSettings> accounts) implements Command {
    }

    private static final Duration BURST_FIRST = Duration.ofSeconds(1);
    private static final Duration BURST_LAST = Duration.ofSeconds(16);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final ActorRef<Store.Command> store;
    private final ActorRef<ShardingEnvelope<AccountEntity.Command>> region;
    private final ActorRef<Store.AccountList> listed;
    private final int minMembers;
    private boolean quorumSeen;

    private AccountPlacement(ActorContext<Command> context, TimerScheduler<Command> timers,
                             ActorRef<Store.Command> store, ActorRef<ShardingEnvelope<AccountEntity.Command>> region,
                             int minMembers) {
        this.context = context;
        this.minMembers = minMembers;
        this.timers = timers;
        this.store = store;
        this.region = region;
        this.listed = context.messageAdapter(Store.AccountList.class, list -> new Listed(list.accounts()));
    }

    public static Behavior<Command> create(ActorRef<Store.Command> store,
                                           ActorRef<ShardingEnvelope<AccountEntity.Command>> region,
                                           Duration interval, int minMembers) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                    context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new),
                    ClusterEvent.MemberEvent.class));
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
            return new AccountPlacement(context, timers, store, region, minMembers).placing();
        }));
    }

    private Behavior<Command> placing() {
        return Behaviors.receive(Command.class)
                .onMessage(Tick.class, m -> place())
                .onMessage(MemberChanged.class, this::onMemberChanged)
                .onMessage(Burst.class, this::onBurst)
                .onMessage(Listed.class, this::onListed)
                .build();
    }

    private Behavior<Command> onMemberChanged(MemberChanged m) {
        if (m.event() instanceof ClusterEvent.MemberUp || m.event() instanceof ClusterEvent.MemberRemoved) {
            timers.startSingleTimer(Burst.class, new Burst(BURST_FIRST.toMillis()), Duration.ZERO);
        }
        return Behaviors.same();
    }

    private Behavior<Command> onBurst(Burst m) {
        if (m.pause() <= BURST_LAST.toMillis()) {
            timers.startSingleTimer(Burst.class, new Burst(m.pause() * 2), Duration.ofMillis(m.pause()));
        }
        return place();
    }

    private Behavior<Command> place() {
        Cluster cluster = Cluster.get(context.getSystem());
        if (cluster.selfMember().status() != MemberStatus.up()) {
            return Behaviors.same();
        }
        if (!quorumSeen) {
            long up = java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                    .filter(m -> m.status() == MemberStatus.up()).count();
            quorumSeen = up >= minMembers;
        }
        if (quorumSeen) {
            store.tell(new Store.ListAccounts(listed));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onListed(Listed m) {
        for (AccountSettings account : m.accounts()) {
            if (account.enabled()) {
                region.tell(new ShardingEnvelope<>(account.jid(), new AccountEntity.Ensure(account.jid())));
            }
        }
        return Behaviors.same();
    }
}
