package dev.xmppd.daemon.cluster;

import dev.xmppd.daemon.account.Accounts;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * What the control methods and the reloader talk to on a cluster node in place of {@link Accounts}: starting,
 * stopping or removing an account goes to its {@link AccountEntity} (on whichever node it runs), which reads the
 * store again (the caller changed it first); a request for an online account ({@code send}, {@code roster.add},
 * ...) and {@code sync} go to the node that runs it; everything else goes to this node's {@link Accounts}.
 */
public final class ClusterAccounts {
    private ClusterAccounts() {
    }

    public static Behavior<Accounts.Command> create(ActorRef<Accounts.Command> local,
                                                    ActorRef<ShardingEnvelope<AccountEntity.Command>> region) {
        return Behaviors.receive(Accounts.Command.class)
                .onMessage(Accounts.Start.class, m -> reload(region, m.account().jid(), m.replyTo()))
                .onMessage(Accounts.Stop.class, m -> reload(region, m.jid(), m.replyTo()))
                .onMessage(Accounts.Remove.class, m -> reload(region, m.jid(), m.replyTo()))
                .onMessage(Accounts.AccountRequest.class, m -> {
                    region.tell(new ShardingEnvelope<>(m.account(), new AccountEntity.Forward(m)));
                    return Behaviors.same();
                })
                .onMessage(Accounts.SyncArchive.class, m -> {
                    region.tell(new ShardingEnvelope<>(m.account(), new AccountEntity.Sync(m.replyTo())));
                    return Behaviors.same();
                })
                .onAnyMessage(m -> {
                    local.tell(m);
                    return Behaviors.same();
                })
                .build();
    }

    private static Behavior<Accounts.Command> reload(ActorRef<ShardingEnvelope<AccountEntity.Command>> region,
                                                     String jid, ActorRef<Accounts.Outcome> replyTo) {
        region.tell(new ShardingEnvelope<>(jid, new AccountEntity.Reload(jid)));
        replyTo.tell(Accounts.Done.INSTANCE);
        return Behaviors.same();
    }
}
