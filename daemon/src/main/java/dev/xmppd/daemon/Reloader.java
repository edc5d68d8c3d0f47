package dev.xmppd.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.ConfigException;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.control.ControlError;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.daemon.systemd.Systemd;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

/**
 * Applies a re-read config ({@code xmppctl reload}, SIGHUP): the store learns the declared accounts first (as at
 * start), then added accounts start, removed ones stop (kept, disabled, like at a restart), changed ones restart,
 * and untouched ones keep their sessions. One reload at a time; others wait their turn.
 */
public final class Reloader {

    public sealed interface Command {
    }

    /** Apply {@code next}, which was read and validated already. */
    public record Reload(DaemonSettings next, ActorRef<Result> replyTo) implements Command {
    }

    public sealed interface Result {
    }

    public record Applied(ObjectNode changes) implements Result {
    }

    public record Failed(String message) implements Result {
    }

    private record Synced(Reload reload, Store.Result result) implements Command {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ActorContext<Command> context;
    private final DaemonSettings running;
    private final ActorRef<Store.Command> store;
    private final ActorRef<Accounts.Command> accounts;
    private final Systemd systemd;
    private final StashBuffer<Command> stash;

    private Reloader(ActorContext<Command> context, StashBuffer<Command> stash, DaemonSettings running,
                     ActorRef<Store.Command> store, ActorRef<Accounts.Command> accounts, Systemd systemd) {
        this.context = context;
        this.stash = stash;
        this.running = running;
        this.store = store;
        this.accounts = accounts;
        this.systemd = systemd;
    }

    static Behavior<Command> create(DaemonSettings running, ActorRef<Store.Command> store,
                                    ActorRef<Accounts.Command> accounts, Systemd systemd) {
        return Behaviors.withStash(16, stash -> Behaviors.setup(context ->
                new Reloader(context, stash, running, store, accounts, systemd).idle(running.accounts())));
    }

    /**
     * Reads the config with {@code config} (on the caller's thread: it reads files) and asks {@code guardian} to
     * apply it. Fails with {@link ControlError} {@code CONFIG_INVALID} when the config is wrong: nothing changes then.
     */
    public static CompletionStage<ObjectNode> reload(ActorRef<Guardian.Command> guardian,
                                                     Supplier<DaemonSettings> config, Scheduler scheduler) {
        DaemonSettings next;
        try {
            next = config.get();
        } catch (ConfigException e) {
            return CompletableFuture.failedFuture(new ControlError(ControlError.CONFIG_INVALID,
                    "config not reloaded: " + e.getMessage()));
        }
        return AskPattern.<Guardian.Command, Result>ask(guardian, replyTo -> new Guardian.Reload(next, replyTo),
                TIMEOUT, scheduler).thenApply(result -> switch (result) {
                    case Applied applied -> applied.changes();
                    case Failed failed -> throw new ControlError(ControlError.STORAGE_ERROR, failed.message());
                });
    }

    private Behavior<Command> idle(List<AccountSettings> declared) {
        return Behaviors.receive(Command.class)
                .onMessage(Reload.class, reload -> {
                    systemd.reloading(System.nanoTime() / 1000);
                    store.tell(new Store.SyncDeclared(reload.next().accounts(),
                            context.messageAdapter(Store.Result.class, r -> new Synced(reload, r))));
                    return applying(declared);
                })
                .onMessage(Synced.class, m -> Behaviors.same())
                .build();
    }

    private Behavior<Command> applying(List<AccountSettings> declared) {
        return Behaviors.receive(Command.class)
                .onMessage(Reload.class, m -> {
                    stash.stash(m);
                    return Behaviors.same();
                })
                .onMessage(Synced.class, m -> stash.unstashAll(apply(declared, m)))
                .build();
    }

    private Behavior<Command> apply(List<AccountSettings> declared, Synced synced) {
        Reload reload = synced.reload();
        systemd.ready();
        if (synced.result() instanceof Store.Failed failed) {
            context.getLog().warn("config not reloaded: the store refused the declared accounts: {}", failed.message());
            reload.replyTo().tell(new Failed("config not reloaded: the store refused the declared accounts: "
                    + failed.message()));
            return idle(declared);
        }
        ReloadPlan plan = ReloadPlan.of(running, declared, reload.next());
        ActorRef<Accounts.Outcome> ignore = context.getSystem().ignoreRef();
        plan.added().forEach(a -> accounts.tell(new Accounts.Start(a, ignore)));
        plan.changed().forEach(a -> accounts.tell(new Accounts.Start(a, ignore)));
        plan.removed().forEach(jid -> accounts.tell(new Accounts.Stop(jid, ignore)));
        context.getLog().info("config reloaded: {}", plan.describe());
        reload.replyTo().tell(new Applied(plan.toJson()));
        return idle(reload.next().accounts());
    }
}
