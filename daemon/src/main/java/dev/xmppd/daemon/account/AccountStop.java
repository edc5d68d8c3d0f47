package dev.xmppd.daemon.account;

import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.sm.StreamManagement;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The last state of an {@link Account}: its stream management ends the server's session (writes what is queued,
 * closes the stream) or keeps it for the next start (stores everything, drops the connection); the account stops
 * once that is done, or after {@link #TIMEOUT}. Requests meanwhile are refused.
 */
final class AccountStop {

    static final Duration TIMEOUT = Duration.ofSeconds(8);

    private AccountStop() {
    }

    static Behavior<Account.Command> stopping(Account.Shutdown shutdown, ActorContext<Account.Command> context,
                                              TimerScheduler<Account.Command> timers,
                                              ActorRef<StreamManagement.Command> sm, String jid) {
        sm.tell(new StreamManagement.Stop(shutdown.keepSession(),
                context.messageAdapter(StreamManagement.Stopped.class, s -> Account.SmStopped.INSTANCE)));
        timers.startSingleTimer("stop", Account.SmStopped.INSTANCE, TIMEOUT);
        return Behaviors.receive(Account.Command.class)
                .onMessage(Account.SmStopped.class, m -> {
                    shutdown.replyTo().ifPresent(r -> r.tell(Accounts.Done.INSTANCE));
                    return Behaviors.stopped();
                })
                .onMessage(Account.Request.class, m -> {
                    m.request().replyTo().tell(new Accounts.Rejected(Accounts.Reason.NOT_ONLINE, jid + " is stopping"));
                    return Behaviors.same();
                })
                .onMessage(Account.SyncArchive.class, m -> {
                    m.replyTo().tell(new ArchiveSync.NotSynced(jid, jid + " is stopping"));
                    return Behaviors.same();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }
}
