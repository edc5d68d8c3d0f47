package dev.xmppd.daemon.systemd;

import dev.xmppd.daemon.account.Accounts;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps systemd informed while the daemon runs: READY when spawned (the Guardian spawns it once the control socket
 * serves and the accounts are started), STATUS with the accounts online whenever that changes, WATCHDOG=1 every
 * half watchdog period but only after {@link Accounts} answered a status request (a stuck actor system misses its
 * pings and systemd restarts it), and STOPPING when it is stopped at shutdown: its last word.
 */
public final class ServiceNotifier {

    public sealed interface Command {
    }

    private record StatusSeen(Accounts.StatusReport report) implements Command {
    }

    private enum Tick implements Command { INSTANCE }

    private record Alive(Accounts.StatusReport report) implements Command {
    }

    private enum Unresponsive implements Command { INSTANCE }

    private final ActorContext<Command> context;
    private final Systemd systemd;
    private final ActorRef<Accounts.Command> accounts;
    private String lastStatus = "";

    private ServiceNotifier(ActorContext<Command> context, Systemd systemd, ActorRef<Accounts.Command> accounts) {
        this.context = context;
        this.systemd = systemd;
        this.accounts = accounts;
    }

    public static Behavior<Command> create(Systemd systemd, ActorRef<Accounts.Command> accounts) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            systemd.ready();
            accounts.tell(new Accounts.Watch(context.messageAdapter(Accounts.StatusReport.class, StatusSeen::new)));
            systemd.watchdogInterval().ifPresent(interval -> timers.startTimerAtFixedRate(Tick.INSTANCE, interval));
            return new ServiceNotifier(context, systemd, accounts).running(
                    systemd.watchdogInterval().orElse(Duration.ofSeconds(10)));
        }));
    }

    private Behavior<Command> running(Duration interval) {
        return Behaviors.receive(Command.class)
                .onMessage(StatusSeen.class, m -> status(m.report()))
                .onMessage(Tick.class, m -> {
                    context.ask(Accounts.StatusReport.class, accounts, interval, Accounts.GetStatus::new,
                            (report, error) -> report != null ? new Alive(report) : Unresponsive.INSTANCE);
                    return Behaviors.same();
                })
                .onMessage(Alive.class, m -> {
                    systemd.watchdog();
                    return status(m.report());
                })
                .onMessage(Unresponsive.class, m -> {
                    context.getLog().warn("the accounts did not answer within {} ms: no watchdog ping",
                            interval.toMillis());
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> {
                    systemd.stopping();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> status(Accounts.StatusReport report) {
        String text = describe(report);
        if (!text.equals(lastStatus)) {
            lastStatus = text;
            systemd.status(text);
        }
        return Behaviors.same();
    }

    /** {@code 2 of 3 accounts online}. */
    static String describe(Accounts.StatusReport report) {
        long online = report.accounts().stream().filter(a -> a.state() == Accounts.AccountState.ONLINE).count();
        return online + " of " + report.accounts().size() + " accounts online";
    }
}
