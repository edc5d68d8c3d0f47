package dev.xmppd.daemon.account;

import dev.xmppd.daemon.account.Accounts.AccountState;
import dev.xmppd.daemon.archive.ArchiveEvents;
import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.archive.ArchiveWiring;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.Secret;
import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginFailure;
import dev.xmppd.daemon.login.LoginSettings;
import dev.xmppd.daemon.login.Negotiator;
import dev.xmppd.daemon.login.Recap;
import dev.xmppd.daemon.net.CertificateTrust;
import dev.xmppd.daemon.net.ConnectFailure;
import dev.xmppd.daemon.net.Connection;
import dev.xmppd.daemon.net.Dialer;
import dev.xmppd.daemon.net.ServerEndpoint;
import dev.xmppd.daemon.net.ServerLocator;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.StreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One account, keyed by its bare JID: connects, logs in through a {@link Negotiator}, serves requests
 * while online, and after a failure either retries with {@link Backoff} (network), retries slowly
 * (TLS or certificate problems: state {@code error}), or waits for new settings ({@code auth-failed}).
 * Every state change is published to {@link Accounts}. States: {@code connecting} → {@code negotiating}
 * → {@code online} → ({@code backoff} | {@code error} | {@code auth-failed}) → {@code connecting}.
 */
final class Account {

    sealed interface Command {
    }

    /** A user's request, routed here by {@link Accounts}. */
    record Request(Accounts.AccountRequest request) implements Command {
    }

    /** Say goodbye and stop; {@code replyTo} hears Done once the stream is closed. */
    record Shutdown(Optional<ActorRef<Accounts.Outcome>> replyTo) implements Command {
    }

    private record Prepared(long attempt, LoginContext login) implements Command {
    }

    private record Connected(long attempt, Connection connection, LoginContext login) implements Command {
    }

    private record AttemptFailed(long attempt, LoginFailure failure) implements Command {
    }

    private record FromConnection(long attempt, StreamEvent event) implements Command {
    }

    private record ConnectionLost(long attempt, Optional<Throwable> cause) implements Command {
    }

    private record LoginOutcome(long attempt, Negotiator.Outcome outcome) implements Command {
    }

    private record RequestTimedOut(String id) implements Command {
    }

    private record StoreWritten(Store.Result result) implements Command {
    }

    /** {@code xmppctl sync}: handed to the ArchiveSync while the account is (getting) online. */
    record SyncArchive(ActorRef<ArchiveSync.SyncReply> replyTo) implements Command {
    }

    private record ArchiveOutbound(dev.xmppd.protocol.xml.Element stanza) implements Command {
    }

    private record ArchiveHandled(long seq) implements Command {
    }

    private enum Retry implements Command { INSTANCE }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final AccountSettings settings;
    private final Jid jid;
    private final long incarnation;
    private final ActorRef<Accounts.Command> parent;
    private final ActorRef<Store.Command> store;
    private final AccountEnvironment env;
    private final ActorRef<Store.Result> storeReplies;
    private final ArchiveWiring archiveWiring;
    private final ActorRef<ArchiveSync.Command> archive;
    private long attempt;
    /** Kept through reconnect attempts until the account is online again, so status says why it is not. */
    private Optional<String> lastError = Optional.empty();

    private Account(ActorContext<Command> context, TimerScheduler<Command> timers, AccountSettings settings,
                    long incarnation, ActorRef<Accounts.Command> parent, ActorRef<Store.Command> store,
                    AccountEnvironment env, ArchiveWiring archiveWiring) {
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.jid = Jid.parse(settings.jid()).bare();
        this.incarnation = incarnation;
        this.parent = parent;
        this.store = store;
        this.env = env;
        this.storeReplies = context.messageAdapter(Store.Result.class, StoreWritten::new);
        this.archiveWiring = archiveWiring;
        this.archive = context.spawn(ArchiveSync.create(jid, archiveWiring.store(), archiveWiring.settings(),
                archiveWiring.events(), context.messageAdapter(ArchiveSync.Outbound.class,
                        o -> new ArchiveOutbound(o.stanza())),
                context.messageAdapter(ArchiveSync.Handled.class, h -> new ArchiveHandled(h.seq())), env.clock()),
                "archive");
    }

    static Behavior<Command> create(AccountSettings settings, long incarnation, ActorRef<Accounts.Command> parent,
                                    ActorRef<Store.Command> store, AccountEnvironment env, ArchiveWiring archive) {
        return Behaviors.withMdc(Command.class, Map.of("account", settings.jid()),
                Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                        new Account(ctx, timers, settings, incarnation, parent, store, env, archive)
                                .connecting(Backoff.of(env.reconnect()), Optional.empty()))));
    }

    // ---- connecting: read the stored roster and the password, find the server, open TCP (+ direct TLS)

    private Behavior<Command> connecting(Backoff backoff, Optional<ServerEndpoint> redirect) {
        long current = ++attempt;
        publish(AccountState.CONNECTING, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        context.pipeToSelf(prepare(), (login, error) -> error == null ? new Prepared(current, login)
                : new AttemptFailed(current, LoginFailure.of(LoginFailure.Reason.PROTOCOL, "password-unavailable",
                        "cannot read the password: " + rootMessage(error))));
        return Behaviors.receive(Command.class)
                .onMessage(Prepared.class, m -> m.attempt() == attempt ? dial(m.login(), redirect) : Behaviors.same())
                .onMessage(Connected.class, m -> m.attempt() == attempt ? negotiate(m, backoff) : Behaviors.same())
                .onMessage(AttemptFailed.class, m -> m.attempt() == attempt ? failed(m.failure(), backoff, false)
                        : Behaviors.same())
                .onMessage(Request.class, this::rejectOffline)
                .onMessage(SyncArchive.class, this::forwardSync)
                .onMessage(Shutdown.class, m -> shutdown(m, CompletableFuture.completedFuture(null)))
                .onMessage(StoreWritten.class, this::onStoreWritten)
                .onMessage(FromConnection.class, m -> Behaviors.same())
                .onMessage(ConnectionLost.class, m -> Behaviors.same())
                .onMessage(ArchiveOutbound.class, m -> Behaviors.same())
                .onMessage(ArchiveHandled.class, this::onArchiveHandled)
                .build();
    }

    private CompletionStage<LoginContext> prepare() {
        Executor blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(Store.DISPATCHER));
        CompletableFuture<String> password = CompletableFuture.supplyAsync(() -> {
            try {
                Secret secret = settings.password().read();
                String value = new String(secret.chars());
                secret.clear();
                return value;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, blocking);
        CompletionStage<Store.Loaded> stored = AskPattern.<Store.Command, Store.Loaded>ask(store,
                replyTo -> new Store.LoadAccount(jid.toString(), replyTo), Duration.ofSeconds(10),
                context.getSystem().scheduler()).exceptionally(e -> new Store.Loaded(Optional.empty()));
        return password.thenCombine(stored, (secret, loaded) -> LoginContext.start(
                new LoginSettings(jid, secret, settings.resource(), settings.presence()), Optional.empty(),
                loaded.account().map(dev.xmppd.daemon.store.AccountState::roster).orElse(List.of()),
                loaded.account().flatMap(dev.xmppd.daemon.store.AccountState::rosterVersion)));
    }

    private Behavior<Command> dial(LoginContext login, Optional<ServerEndpoint> redirect) {
        long current = attempt;
        CertificateTrust trust;
        try {
            trust = new CertificateTrust(settings.trustedCert(), settings.pinSha256().map(CertificateTrust::pinToHex));
        } catch (IllegalArgumentException e) {
            context.getSelf().tell(new AttemptFailed(current, LoginFailure.of(LoginFailure.Reason.CERTIFICATE_INVALID,
                    "certificate-invalid", e.getMessage())));
            return Behaviors.same();
        }
        Dialer dialer = new Dialer(env.loops(), trust, env.transcript(jid.toString()), env.clock(),
                env.connectTimeout());
        Connection.Listener listener = new Connection.Listener() {
            @Override
            public void onStreamEvent(StreamEvent event) {
                context.getSelf().tell(new FromConnection(current, event));
            }

            @Override
            public void onClosed(Optional<Throwable> cause) {
                context.getSelf().tell(new ConnectionLost(current, cause));
            }
        };
        CompletionStage<Connection> connected = endpoints(redirect)
                .thenCompose(endpoints -> dialer.dial(endpoints, jid.domain(), listener));
        context.pipeToSelf(connected, (connection, error) -> error == null
                ? new Connected(current, connection, login)
                : new AttemptFailed(current, LoginFailure.from(error instanceof ConnectFailure f ? f
                        : ConnectFailure.classify(error.getCause() == null ? error : error.getCause(),
                        new ServerEndpoint(jid.domain(), ServerEndpoint.DEFAULT_PORT, false)))));
        return Behaviors.same();
    }

    /** The host override, a see-other-host redirect, or DNS SRV (RFC 6120 §3.2). */
    private CompletionStage<List<ServerEndpoint>> endpoints(Optional<ServerEndpoint> redirect) {
        if (redirect.isPresent()) {
            return CompletableFuture.completedFuture(List.of(redirect.get()));
        }
        if (settings.host().isPresent()) {
            int port = settings.port().orElse(settings.directTls() ? 5223 : ServerEndpoint.DEFAULT_PORT);
            return CompletableFuture.completedFuture(List.of(new ServerEndpoint(settings.host().get(), port,
                    settings.directTls())));
        }
        return new ServerLocator(env.loops()).locate(jid.domain());
    }

    // ---- negotiating: the Negotiator child runs the login; we forward what the connection reads

    private Behavior<Command> negotiate(Connected connected, Backoff backoff) {
        Connection connection = connected.connection();
        publish(AccountState.NEGOTIATING, Optional.empty(), Optional.of(connection.endpoint().toString()), List.of(),
                Optional.empty());
        LoginContext login = connected.login();
        if (connection.tls().isPresent()) {
            login = login.withTls(connection.tls().get());
        }
        long current = attempt;
        ActorRef<Negotiator.Outcome> outcomes = context.messageAdapter(Negotiator.Outcome.class,
                o -> new LoginOutcome(current, o));
        ActorRef<Negotiator.Command> negotiator = context.spawn(Negotiator.create(connection, login,
                Recap.postBind(new StreamManagementSlot(), archiveSlot(ArchiveSyncSlot.Phase.BEFORE_PRESENCE),
                        archiveSlot(ArchiveSyncSlot.Phase.AFTER_PRESENCE)), outcomes), "login-" + current);
        return Behaviors.receive(Command.class)
                .onMessage(FromConnection.class, m -> {
                    if (m.attempt() == current) {
                        negotiator.tell(new Negotiator.Inbound(m.event()));
                    }
                    return Behaviors.same();
                })
                .onMessage(ConnectionLost.class, m -> {
                    if (m.attempt() == current) {
                        negotiator.tell(new Negotiator.ConnectionClosed(m.cause()));
                    }
                    return Behaviors.same();
                })
                .onMessage(LoginOutcome.class, m -> switch (m.outcome()) {
                    case Negotiator.Succeeded s -> online(new Session(connection, s.context(), store, storeReplies,
                            archive, context.getLog()), backoff, env.clock().instant());
                    case Negotiator.Failed f -> failed(f.failure(), backoff, false);
                })
                .onMessage(Request.class, this::rejectOffline)
                .onMessage(SyncArchive.class, this::forwardSync)
                .onMessage(Shutdown.class, m -> {
                    context.stop(negotiator);
                    return shutdown(m, connection.close());
                })
                .onMessage(StoreWritten.class, this::onStoreWritten)
                .onMessage(ArchiveOutbound.class, m -> Behaviors.same())
                .onMessage(ArchiveHandled.class, this::onArchiveHandled)
                .onSignal(PostStop.class, s -> closeQuietly(connection))
                .onSignal(PreRestart.class, s -> closeQuietly(connection))
                .build();
    }

    // ---- online

    private Behavior<Command> online(Session session, Backoff backoff, Instant since) {
        session.persistLogin();
        LoginContext login = session.login();
        List<String> features = login.discoOf(jid.domain()).map(d -> d.features()).orElse(List.of());
        publish(AccountState.ONLINE, login.boundJid().map(Jid::toString),
                Optional.of(session.connection().endpoint().toString()), features, Optional.empty());
        archive.tell(new ArchiveSync.Online(login.self(), ArchiveSyncSlot.hasArchive(login)));
        long current = attempt;
        return Behaviors.receive(Command.class)
                .onMessage(FromConnection.class, m -> m.attempt() != current ? Behaviors.same()
                        : session.onEvent(m.event()).map(f -> endSession(session, f, backoff, since))
                                .orElse(Behaviors.same()))
                .onMessage(ConnectionLost.class, m -> m.attempt() != current ? Behaviors.same()
                        : endSession(session, m.cause().map(c -> LoginFailure.network("connection lost: "
                                + rootMessage(c))).orElse(LoginFailure.network("the server closed the connection")),
                                backoff, since))
                .onMessage(Request.class, m -> {
                    session.request(m.request()).ifPresent(id ->
                            timers.startSingleTimer(id, new RequestTimedOut(id), REQUEST_TIMEOUT));
                    return Behaviors.same();
                })
                .onMessage(RequestTimedOut.class, m -> {
                    session.timedOut(m.id());
                    return Behaviors.same();
                })
                .onMessage(SyncArchive.class, this::forwardSync)
                .onMessage(ArchiveOutbound.class, m -> {
                    session.send(m.stanza());
                    return Behaviors.same();
                })
                .onMessage(ArchiveHandled.class, this::onArchiveHandled)
                .onMessage(Shutdown.class, m -> shutdown(m, session.close()))
                .onMessage(StoreWritten.class, this::onStoreWritten)
                .onSignal(PostStop.class, s -> {
                    session.close();
                    return Behaviors.same();
                })
                .onSignal(PreRestart.class, s -> {
                    session.close();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> endSession(Session session, LoginFailure failure, Backoff backoff, Instant since) {
        session.connection().abort();
        session.failPending("the connection was lost");
        boolean stable = Duration.between(since, env.clock().instant()).compareTo(Backoff.STABLE) >= 0;
        return failed(failure, stable ? backoff.reset() : backoff, true);
    }

    // ---- after a failure: retry with backoff, slowly, or not at all

    private Behavior<Command> failed(LoginFailure failure, Backoff backoff, boolean wasOnline) {
        // Accounts logs the state change with this reason (StateLog); the detail is for debugging.
        context.getLog().debug("{}: {}", jid, failure.describe());
        archive.tell(new ArchiveSync.Offline(failure.describe()));
        if (failure.redirect().isPresent() && !wasOnline) {
            return connecting(backoff, Optional.of(redirectEndpoint(failure.redirect().get())));
        }
        Optional<String> error = Optional.of(failure.describe());
        return switch (failure.reason().retry()) {
            case NEVER -> {
                publish(AccountState.AUTH_FAILED, Optional.empty(), Optional.empty(), List.of(), error);
                yield waiting(backoff);
            }
            case SLOW -> {
                publish(AccountState.ERROR, Optional.empty(), Optional.empty(), List.of(), error);
                timers.startSingleTimer("retry", Retry.INSTANCE, backoff.slowDelay());
                yield waiting(backoff);
            }
            case BACKOFF -> {
                publish(AccountState.BACKOFF, Optional.empty(), Optional.empty(), List.of(), error);
                timers.startSingleTimer("retry", Retry.INSTANCE, backoff.delay());
                yield waiting(backoff.next());
            }
        };
    }

    /** Waiting for the retry timer, or (auth-failed) for new settings, which come as a new incarnation. */
    private Behavior<Command> waiting(Backoff backoff) {
        return Behaviors.receive(Command.class)
                .onMessage(Retry.class, m -> connecting(backoff, Optional.empty()))
                .onMessage(Request.class, this::rejectOffline)
                .onMessage(SyncArchive.class, m -> {
                    m.replyTo().tell(new ArchiveSync.NotSynced(jid.toString(), jid + " is not online"
                            + lastError.map(e -> " (" + e + ")").orElse("") + "; see xmppctl status"));
                    return Behaviors.same();
                })
                .onMessage(ArchiveOutbound.class, m -> Behaviors.same())
                .onMessage(ArchiveHandled.class, this::onArchiveHandled)
                .onMessage(Shutdown.class, m -> shutdown(m, CompletableFuture.completedFuture(null)))
                .onMessage(StoreWritten.class, this::onStoreWritten)
                .onMessage(FromConnection.class, m -> Behaviors.same())
                .onMessage(ConnectionLost.class, m -> Behaviors.same())
                .onMessage(LoginOutcome.class, m -> Behaviors.same())
                .build();
    }

    private static ServerEndpoint redirectEndpoint(String target) {
        int colon = target.lastIndexOf(':');
        if (colon > 0 && !target.endsWith("]") && target.indexOf(':') == colon) {
            return new ServerEndpoint(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)), false);
        }
        return new ServerEndpoint(target, ServerEndpoint.DEFAULT_PORT, false);
    }

    private Behavior<Command> rejectOffline(Request request) {
        request.request().replyTo().tell(new Accounts.Rejected(Accounts.Reason.NOT_ONLINE,
                jid + " is not online; see xmppctl status"));
        return Behaviors.same();
    }

    /** Stops now; {@code replyTo} hears Done once {@code closed} (the stream close, RFC 6120 §4.4) completed. */
    private Behavior<Command> shutdown(Shutdown shutdown, CompletionStage<Void> closed) {
        closed.whenComplete((done, error) -> shutdown.replyTo().ifPresent(r -> r.tell(Accounts.Done.INSTANCE)));
        return Behaviors.stopped();
    }

    private Behavior<Command> closeQuietly(Connection connection) {
        connection.close();
        return Behaviors.same();
    }

    private ArchiveSyncSlot archiveSlot(ArchiveSyncSlot.Phase phase) {
        return new ArchiveSyncSlot(phase, archiveWiring.store(), archiveWiring.settings(),
                context.getSystem().scheduler());
    }

    private Behavior<Command> forwardSync(SyncArchive sync) {
        archive.tell(new ArchiveSync.Sync(sync.replyTo()));
        return Behaviors.same();
    }

    /** The seam to XEP-0198: a message is acknowledged once the archive committed it (stand-in until SM lands). */
    private Behavior<Command> onArchiveHandled(ArchiveHandled handled) {
        return Behaviors.same();
    }

    private Behavior<Command> onStoreWritten(StoreWritten written) {
        if (written.result() instanceof Store.Failed failed) {
            context.getLog().warn("could not store login data for {}: {}", jid, failed.message());
        }
        return Behaviors.same();
    }

    private void publish(AccountState state, Optional<String> boundJid, Optional<String> server, List<String> features,
                         Optional<String> error) {
        if (error.isPresent() || state == AccountState.ONLINE) {
            lastError = error;
        }
        parent.tell(new Accounts.StatusChanged(incarnation, new Accounts.AccountStatus(jid.toString(), state, boundJid,
                server, features, lastError, env.clock().instant())));
        archiveWiring.events().publish(new ArchiveEvents.StateChanged(jid.toString(),
                state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), lastError));
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
