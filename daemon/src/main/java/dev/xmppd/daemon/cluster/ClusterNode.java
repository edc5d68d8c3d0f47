package dev.xmppd.daemon.cluster;

import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.config.ClusterSettings;
import dev.xmppd.daemon.control.ClusterStatus;
import dev.xmppd.daemon.control.ControlMethod;
import dev.xmppd.daemon.store.AccountClaims;
import dev.xmppd.daemon.store.Database;
import dev.xmppd.daemon.store.Ownership;
import dev.xmppd.daemon.store.Store;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Makes a started daemon a cluster node: Cluster Sharding of {@link AccountEntity} (each entity runs its account on
 * this node's {@link Accounts}), {@link AccountPlacement}, {@link NodeStatus} for the cluster-wide {@code status},
 * and {@link ClusterAccounts} for the control methods.
 */
public final class ClusterNode {

    /** What the guardian gives the control methods instead of its own: accounts and {@code status}. */
    public record Wiring(ActorRef<Accounts.Command> accounts, ControlMethod status) {
    }

    private ClusterNode() {
    }

    public static Wiring start(ActorContext<?> context, ClusterSettings settings, Database database,
                               Ownership ownership, ActorRef<Store.Command> store, ActorRef<Accounts.Command> local) {
        ActorRef<AccountClaims.Command> claims = context.spawn(AccountClaims.create(database, ownership,
                Clock.systemUTC()), "account-claims", DispatcherSelector.fromConfig(Store.DISPATCHER));
        ActorRef<ShardingEnvelope<AccountEntity.Command>> region = ClusterSharding.get(context.getSystem()).init(
                Entity.of(AccountEntity.TYPE, entity -> AccountEntity.create(entity.getEntityId(), claims, local,
                                settings.placementInterval()))
                        .withStopMessage(AccountEntity.Handoff.INSTANCE));
        context.spawn(AccountPlacement.create(store, region, settings.placementInterval(),
                settings.minMembers()), "placement");
        context.spawn(NodeStatus.create(settings.nodeName(), local), "node-status");
        ActorRef<Accounts.Command> accounts = context.spawn(ClusterAccounts.create(local, region), "cluster-accounts");
        context.getLog().info("cluster node {} at {}: accounts are placed once {} node(s) are up", settings.nodeName(),
                context.getSystem().address(), settings.minMembers());
        return new Wiring(accounts, ClusterStatus.method(context.getSystem(), settings.nodeName()));
    }
}
