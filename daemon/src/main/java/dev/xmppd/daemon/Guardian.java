package dev.xmppd.daemon;

import dev.xmppd.daemon.account.AccountEnvironment;
import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.cluster.ClusterNode;
import dev.xmppd.daemon.archive.ArchiveEvents;
import dev.xmppd.daemon.archive.ArchiveWiring;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.control.AccountMethods;
import dev.xmppd.daemon.control.ArchiveMethods;
import dev.xmppd.daemon.control.ControlMethod;
import dev.xmppd.daemon.control.ConsoleHub;
import dev.xmppd.daemon.control.ControlServer;
import dev.xmppd.daemon.control.OperationMethods;
import dev.xmppd.daemon.control.StoreMethods;
import dev.xmppd.daemon.control.StoreStatus;
import dev.xmppd.daemon.store.ArchiveStore;
import dev.xmppd.daemon.store.Database;
import dev.xmppd.daemon.store.Ownership;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.daemon.store.StoreHealth;
import dev.xmppd.daemon.systemd.ServiceNotifier;
import dev.xmppd.daemon.systemd.Systemd;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The root of the daemon: starts the {@link Store} on its blocking dispatcher, reconciles the accounts declared
 * in the config with the stored ones, starts {@link Accounts} with every account, and only then serves the
 * control socket, so the first {@code xmppctl status} already lists every account. Then tells systemd it is
 * ready ({@link ServiceNotifier}) and applies reloaded configs ({@link Reloader}). Stops on {@code shutdown}:
 * accounts say goodbye to their servers first (unavailable presence, stream closes answered), then the store closes.
 */
public final class Guardian {

    public sealed interface Command {
    }

    /** {@code xmppctl shutdown}, SIGTERM, SIGINT or a test: stop everything. */
    public enum Shutdown implements Command { INSTANCE }

    /** Apply a re-read config ({@link Reloader#reload}). */
    public record Reload(DaemonSettings next, ActorRef<Reloader.Result> replyTo) implements Command {
    }

    /**
     * What the process gives the daemon besides its settings: systemd notifications, and how to re-read the config
     * (throws {@link dev.xmppd.daemon.config.ConfigException}).
     */
    public record Operations(Systemd systemd, Supplier<DaemonSettings> config) {
        /** No systemd; a reload is refused (tests that do not reload). */
        public static Operations none() {
            return new Operations(Systemd.none(), () -> {
                throw new dev.xmppd.daemon.config.ConfigException("this daemon was started without a config file to"
                        + " reload");
            });
        }
    }

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
    private final Operations operations;
    private final Database database;
    /** Written by the store actors, read by status (see {@link StoreHealth}). */
    private final StoreHealth storeHealth = new StoreHealth(Clock.systemUTC());
    /** Which accounts this node may write (a cluster node's fencing epochs); everything, alone. */
    private final Ownership ownership;

    private Guardian(ActorContext<Command> context, DaemonSettings settings, ServerSocketChannel controlSocket,
                     AccountEnvironment environment, Operations operations) {
        this.context = context;
        this.settings = settings;
        this.controlSocket = controlSocket;
        this.environment = environment;
        this.operations = operations;
        // Shared by the store and the archive store (a pool for PostgreSQL); released once every actor has stopped.
        this.database = Database.of(settings.store(), settings.databaseFile());
        this.ownership = settings.cluster().enabled() ? Ownership.cluster(settings.cluster().nodeName())
                : Ownership.single();
        context.getSystem().getWhenTerminated().thenRun(database::close);
    }

    /**
     * @param controlSocket bound already (by {@code ControlSocket.bind}), so a refused socket directory stops the
     *                      daemon before anything starts
     */
    public static Behavior<Command> create(DaemonSettings settings, ServerSocketChannel controlSocket,
                                           AccountEnvironment environment) {
        return create(settings, controlSocket, environment, Operations.none());
    }

    public static Behavior<Command> create(DaemonSettings settings, ServerSocketChannel controlSocket,
                                           AccountEnvironment environment, Operations operations) {
        return Behaviors.setup(context -> new Guardian(context, settings, controlSocket, environment, operations)
                .starting());
    }

    private Behavior<Command> starting() {
        ActorRef<Store.Command> store = context.spawn(
                Behaviors.supervise(Store.create(database, settings.secretsDir(), Clock.systemUTC(), storeHealth,
                                ownership))
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
                .onMessage(Reload.class, m -> refuse(m, "xmppd is still starting"))
                .build();
    }

    private Behavior<Command> running(ActorRef<Store.Command> store, List<dev.xmppd.daemon.config.AccountSettings> all) {
        // The Store has migrated the schema by now: the archive opens its own connection to the same database.
        ActorRef<ArchiveStore.Command> archiveStore = context.spawn(
                Behaviors.supervise(ArchiveStore.create(database, Clock.systemUTC(), storeHealth, ownership))
                        .onFailure(SupervisorStrategy.restart()),
                "archive-store", DispatcherSelector.fromConfig(Store.DISPATCHER));
        ArchiveWiring archive = new ArchiveWiring(archiveStore, settings.archive(), new ArchiveEvents());
        ConsoleHub console = new ConsoleHub();
        boolean cluster = settings.cluster().enabled();
        // In a cluster, sharding decides which accounts run here (ClusterNode); alone, all of them do.
        ActorRef<Accounts.Command> local = context.spawn(Accounts.create(cluster ? List.of() : all, store,
                environment.alsoTranscribingTo(console::transcript), archive),
                "accounts");
        Optional<ClusterNode.Wiring> node = cluster ? Optional.of(ClusterNode.start(context, settings.cluster(),
                database, ownership, store, local)) : Optional.empty();
        ActorRef<Accounts.Command> accounts = node.map(ClusterNode.Wiring::accounts).orElse(local);
        Map<String, ControlMethod> methods = new HashMap<>();
        methods.putAll(new StoreMethods(store, context.getSystem().scheduler()).methods());
        methods.putAll(new AccountMethods(accounts, store, context.getSystem().scheduler(), cluster).methods());
        node.ifPresent(n -> methods.put("status", n.status()));
        ArchiveMethods archiveMethods = new ArchiveMethods(accounts, archive, context.getSystem().scheduler());
        methods.putAll(archiveMethods.methods());
        methods.put("status", StoreStatus.with(archiveMethods.withArchiveStatus(methods.get("status")), storeHealth));
        ActorRef<Command> self = context.getSelf();
        methods.putAll(new OperationMethods(accounts, console, () -> self.tell(Shutdown.INSTANCE),
                () -> Reloader.reload(self, operations.config(), context.getSystem().scheduler()),
                context.getSystem().scheduler()).methods());
        context.spawn(ControlServer.create(controlSocket, settings.controlSocket(), methods), "control");
        long enabled = all.stream().filter(dev.xmppd.daemon.config.AccountSettings::enabled).count();
        context.getLog().info("xmppd started: {} accounts ({} enabled), data in {}, store {}", all.size(), enabled,
                settings.dataDir(), database.describe());
        ActorRef<Reloader.Command> reloader = context.spawn(Reloader.create(settings, store, accounts,
                operations.systemd()), "reloader");
        ActorRef<ServiceNotifier.Command> notifier = context.spawn(ServiceNotifier.create(operations.systemd(),
                accounts), "systemd");
        return Behaviors.receive(Command.class)
                .onMessage(Shutdown.class, m -> settings.cluster().enabled() ? leaving(notifier)
                        : stopping(accounts, notifier))
                .onMessage(Reload.class, m -> {
                    reloader.tell(new Reloader.Reload(m.next(), m.replyTo()));
                    return Behaviors.same();
                })
                .onMessage(Reconciled.class, m -> Behaviors.same())
                .onMessage(Listed.class, m -> Behaviors.same())
                .build();
    }

    /**
     * STOPPING to systemd, then every account says goodbye and closes its stream, bounded in time; then everything
     * else (the store flushes and closes H2) stops with us.
     */
    private Behavior<Command> stopping(ActorRef<Accounts.Command> accounts,
                                       ActorRef<ServiceNotifier.Command> notifier) {
        context.getLog().info("xmppd stopping");
        context.stop(notifier);
        accounts.tell(new Accounts.StopAll(context.messageAdapter(Accounts.Outcome.class, o -> new AccountsStopped(0))));
        return Behaviors.withTimers(timers -> {
            timers.startSingleTimer(new AccountsStopped(-1), GOODBYE_TIMEOUT);
            return Behaviors.receive(Command.class)
                    .onMessage(AccountsStopped.class, m -> {
                        if (m.remaining() < 0) {
                            context.getLog().warn("not every account closed its stream within {} s; stopping anyway",
                                    GOODBYE_TIMEOUT.toSeconds());
                        }
                        return Behaviors.stopped();
                    })
                    .onMessage(Shutdown.class, m -> Behaviors.same())
                    .onMessage(Reload.class, m -> refuse(m, "xmppd is stopping"))
                    .onMessage(Reconciled.class, m -> Behaviors.same())
                    .onMessage(Listed.class, m -> Behaviors.same())
                    .build();
        });
    }

    /**
     * A cluster node leaves first: Pekko's coordinated shutdown hands the node's shards over (each account entity
     * releases its account, keeping the XEP-0198 session with resume-after-restart), leaves the cluster so the other
     * nodes take the accounts at once rather than after the split-brain resolver's wait, then ends the actor system.
     */
    private Behavior<Command> leaving(ActorRef<ServiceNotifier.Command> notifier) {
        context.getLog().info("xmppd stopping: leaving the cluster, its accounts move to the other nodes");
        context.stop(notifier);
        CoordinatedShutdown.get(context.getSystem()).runAll(CoordinatedShutdown.clusterLeavingReason());
        return Behaviors.receive(Command.class)
                .onMessage(Reload.class, m -> refuse(m, "xmppd is stopping"))
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<Command> refuse(Reload reload, String why) {
        reload.replyTo().tell(new Reloader.Failed("config not reloaded: " + why));
        return Behaviors.same();
    }
}
