package dev.xmppd.daemon.cluster;

import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.control.AccountMethods;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node, registered with the cluster's receptionist: answers with the status of the accounts this node runs
 * (the JSON of {@code status}), so {@code status} on any node can show the whole cluster.
 */
public final class NodeStatus {
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "xmppd-node-status");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    public sealed interface Command {
    }

    public record Get(ActorRef<Report> replyTo) implements Command, ClusterMessage {
    }

    /** {@code accounts}: the JSON array of {@code status}'s accounts on this node. */
    public record Report(String node, String address, String accounts) implements ClusterMessage {
    }

    private record Answer(Accounts.StatusReport report, ActorRef<Report> replyTo) implements Command {
    }

    private NodeStatus() {
    }

    public static Behavior<Command> create(String node, ActorRef<Accounts.Command> accounts) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            String address = context.getSystem().address().toString();
            return Behaviors.receive(Command.class)
                    .onMessage(Get.class, m -> {
                        context.ask(Accounts.StatusReport.class, accounts, TIMEOUT, Accounts.GetStatus::new,
                                (report, failure) -> new Answer(report == null
                                        ? new Accounts.StatusReport(java.util.List.of()) : report, m.replyTo()));
                        return Behaviors.same();
                    })
                    .onMessage(Answer.class, m -> {
                        m.replyTo().tell(new Report(node, address,
                                AccountMethods.statusView(m.report()).get("accounts").toString()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
