package dev.xmppd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.account.AccountEnvironment;
import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.archive.ArchiveEvents;
import dev.xmppd.daemon.archive.ArchiveWiring;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.control.AccountMethods;
import dev.xmppd.daemon.control.ArchiveMethods;
import dev.xmppd.daemon.control.ControlMethod;
import dev.xmppd.daemon.control.ControlServer;
import dev.xmppd.daemon.control.StoreMethods;
import dev.xmppd.daemon.store.ArchiveStore;
import dev.xmppd.daemon.store.Store;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The root of the daemon: starts the {@link Store} on its blocking dispatcher, reconciles the accounts declared
 * in the config with the stored ones, starts {@link Accounts} with every account, and only then serves the
 * control socket, so the first {@code xmppctl status} already lists every account. Stops on {@code shutdown}:
 * accounts say goodbye to their servers first, then the store closes.
 */
public final class Guardian {

    public sealed interface Command {
    }

    /** {@code xmppctl shutdown}, SIGTERM (via coordinated shutdown) or a test: stop everything. */
    public enum Shutdown implements Command { INSTANCE }

    private record Reconciled(Store.Result result) implements Command {
    }

    private record Listed(List<dev.xmppd.daemon.config.AccountSettings> accounts) implements Command {
    }

    private record AccountsStopped(int remaining) implements Command {
    }

    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(5);

    private final ActorContext<Command> context;
    private final DaemonSettings settings;
    private final ServerSocketChannel controlSocket;
    private final AccountEnvironment environment;

    private Guardian(ActorContext<Command> context, DaemonSettings settings, ServerSocketChannel controlSocket,
                     AccountEnvironment environment) {
        this.context = context;
        this.settings = settings;
        this.controlSocket = controlSocket;
        this.environment = environment;
    }

    /**
     * @param controlSocket bound already (by {@code ControlSocket.bind}), so a refused socket directory stops the
     *                      daemon before anything starts
     */
    public static Behavior<Command> create(DaemonSettings settings, ServerSocketChannel controlSocket,
                                           AccountEnvironment environment) {
        return Behaviors.setup(context -> new Guardian(context, settings, controlSocket, environment).starting());
    }

    private Behavior<Command> starting() {
        ActorRef<Store.Command> store = context.spawn(
                Behaviors.supervise(Store.create(settings.databaseFile(), settings.secretsDir(), Clock.systemUTC()))
                        .onFailure(SupervisorStrategy.restart()),
                "store", DispatcherSelector.fromConfig(Store.DISPATCHER));
        ActorRef<Store.Result> reconciled = context.messageAdapter(Store.Result.class, Reconciled::new);
        store.tell(new Store.SyncDeclared(settings.accounts(), reconciled));
        return Behaviors.receive(Command.class)
                .onMessage(Reconciled.class, m -> {
                    if (m.result() instanceof Store.Failed failed) {
                        context.getLog().error("cannot reconcile the configured accounts with the store: {}",
                                failed.message());
                    }
                    ActorRef<Store.AccountList> listed = context.messageAdapter(Store.AccountList.class,
                            list -> new Listed(list.accounts()));
                    store.tell(new Store.ListAccounts(listed));
                    return Behaviors.same();
                })
                .onMessage(Listed.class, m -> running(store, m.accounts()))
                .onMessage(Shutdown.class, m -> Behaviors.stopped())
                .build();
    }

    private Behavior<Command> running(ActorRef<Store.Command> store, List<dev.xmppd.daemon.config.AccountSettings> all) {
        // The Store has migrated the schema by now: the archive opens its own connection to the same file.
        ActorRef<ArchiveStore.Command> archiveStore = context.spawn(
                Behaviors.supervise(ArchiveStore.create(settings.databaseFile(), Clock.systemUTC()))
                        .onFailure(SupervisorStrategy.restart()),
                "archive-store", DispatcherSelector.fromConfig(Store.DISPATCHER));
        ArchiveWiring archive = new ArchiveWiring(archiveStore, settings.archive(), new ArchiveEvents());
        ActorRef<Accounts.Command> accounts = context.spawn(Accounts.create(all, store, environment, archive),
                "accounts");
        Map<String, ControlMethod> methods = new HashMap<>();
        methods.putAll(new StoreMethods(store, context.getSystem().scheduler()).methods());
        methods.putAll(new AccountMethods(accounts, store, context.getSystem().scheduler()).methods());
        ArchiveMethods archiveMethods = new ArchiveMethods(accounts, archive, context.getSystem().scheduler());
        methods.putAll(archiveMethods.methods());
        methods.put("status", archiveMethods.withArchiveStatus(methods.get("status")));
        ActorRef<Command> self = context.getSelf();
        methods.put("shutdown", (params, notifier) -> {
            self.tell(Shutdown.INSTANCE);
            return CompletableFuture.<JsonNode>completedFuture(
                    dev.xmppd.daemon.control.JsonRpc.MAPPER.createObjectNode().put("ok", true));
        });
        context.spawn(ControlServer.create(controlSocket, settings.controlSocket(), methods), "control");
        long enabled = all.stream().filter(dev.xmppd.daemon.config.AccountSettings::enabled).count();
        context.getLog().info("xmppd started: {} accounts ({} enabled), data in {}", all.size(), enabled,
                settings.dataDir());
        return Behaviors.receive(Command.class)
                .onMessage(Shutdown.class, m -> stopping(accounts))
                .onMessage(Reconciled.class, m -> Behaviors.same())
                .onMessage(Listed.class, m -> Behaviors.same())
                .build();
    }

    /** Accounts first (unavailable presence, stream close), bounded in time; then everything else stops with us. */
    private Behavior<Command> stopping(ActorRef<Accounts.Command> accounts) {
        context.getLog().info("xmppd stopping");
        context.watchWith(accounts, new AccountsStopped(0));
        context.stop(accounts);
        return Behaviors.withTimers(timers -> {
            timers.startSingleTimer(new AccountsStopped(-1), GOODBYE_TIMEOUT);
            return Behaviors.receive(Command.class)
                    .onMessage(AccountsStopped.class, m -> Behaviors.stopped())
                    .onMessage(Shutdown.class, m -> Behaviors.same())
                    .onMessage(Reconciled.class, m -> Behaviors.same())
                    .onMessage(Listed.class, m -> Behaviors.same())
                    .build();
        });
    }
}
