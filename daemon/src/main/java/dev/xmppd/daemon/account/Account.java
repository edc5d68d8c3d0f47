package dev.xmppd.daemon.account;

import dev.xmppd.daemon.account.Accounts.AccountState;
import dev.xmppd.daemon.archive.ArchiveEvents;
import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.archive.ArchiveWiring;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginFailure;
import dev.xmppd.daemon.login.Negotiator;
import dev.xmppd.daemon.login.Recap;
import dev.xmppd.daemon.net.ConnectFailure;
import dev.xmppd.daemon.net.Connection;
import dev.xmppd.daemon.net.ServerEndpoint;
import dev.xmppd.daemon.sm.EnableStep;
import dev.xmppd.daemon.sm.ResumeStep;
import dev.xmppd.daemon.sm.SmStatus;
import dev.xmppd.daemon.sm.StreamManagement;
import dev.xmppd.daemon.sm.Wire;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One account, keyed by its bare JID: connects, logs in through a {@link Negotiator}, serves requests
 * while online, and after a failure either retries with {@link Backoff} (network), retries slowly
 * (TLS or certificate problems: state {@code error}), or waits for new settings ({@code auth-failed}).
 * Its {@link StreamManagement} child sits between it and every connection (XEP-0198): a lost connection
 * keeps the {@link Session}, and the next login resumes it ({@code resuming}) instead of starting anew.
 * Every state change is published to {@link Accounts}. States: {@code connecting} → {@code negotiating}
 * or {@code resuming} → {@code online} → ({@code backoff} | {@code error} | {@code auth-failed}) → {@code connecting}.
 */
final class Account {

    sealed interface Command {
    }

    /** A user's request, routed here by {@link Accounts}. */
    record Request(Accounts.AccountRequest request) implements Command {
    }

    /**
     * Stop; {@code replyTo} hears Done once the stream is closed. {@code keepSession} (the daemon stops): leave the
     * server's session for the next start to resume, instead of saying goodbye (XEP-0198).
     */
    record Shutdown(Optional<ActorRef<Accounts.Outcome>> replyTo, boolean keepSession) implements Command {
        Shutdown(Optional<ActorRef<Accounts.Outcome>> replyTo) {
            this(replyTo, false);
        }
    }

    private record Prepared(long attempt, AccountDialer.Start start) implements Command {
    }

    private record Connected(long attempt, Connection connection, AccountDialer.Start start) implements Command {
    }

    private record AttemptFailed(long attempt, LoginFailure failure) implements Command {
    }

    /** Read on the connection, through stream management; {@code seq} numbers a stanza (XEP-0198), else 0. */
    private record FromConnection(long attempt, StreamEvent event, long seq) implements Command {
    }

    /** {@code reason}: stream management found the connection dead (silent) and dropped it. */
    private record ConnectionLost(long attempt, Optional<Throwable> cause, Optional<String> reason)
            implements Command {
    }

    private record LoginOutcome(long attempt, Negotiator.Outcome outcome) implements Command {
    }

    private record RequestTimedOut(String id) implements Command {
    }

    private record StoreWritten(Store.Result result) implements Command {
    }

    private record SmChanged(SmStatus status) implements Command {
    }

    private enum SmStopped implements Command { INSTANCE }

    /** {@code xmppctl sync}: handed to the ArchiveSync while the account is (getting) online. */
    record SyncArchive(ActorRef<ArchiveSync.SyncReply> replyTo) implements Command {
    }

    private record ArchiveOutbound(Element stanza) implements Command {
    }

    private record ArchiveHandled(long seq) implements Command {
    }

    private enum Retry implements Command { INSTANCE }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(8);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Jid jid;
    private final long incarnation;
    private final ActorRef<Accounts.Command> parent;
    private final ActorRef<Store.Command> store;
    private final AccountEnvironment env;
    private final ActorRef<Store.Result> storeReplies;
    private final ArchiveWiring archiveWiring;
    private final ActorRef<ArchiveSync.Command> archive;
    private final ActorRef<StreamManagement.Command> sm;
    private final AccountDialer dialer;
    private long attempt;
    /** Kept through reconnect attempts until the account is online again, so status says why it is not. */
    private Optional<String> lastError = Optional.empty();
    private Accounts.AccountStatus status;
    private SmStatus smStatus = SmStatus.NONE;
    private ClientState clientState;
    /** The session of a lost connection while stream management may resume it. */
    private Optional<Session> suspended = Optional.empty();

    private Account(ActorContext<Command> context, TimerScheduler<Command> timers, AccountSettings settings,
                    long incarnation, ActorRef<Accounts.Command> parent, ActorRef<Store.Command> store,
                    AccountEnvironment env, ArchiveWiring archiveWiring) {
        this.context = context;
        this.timers = timers;
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
        this.sm = context.spawn(StreamManagement.create(jid.toString(), env.stream(), store,
                context.messageAdapter(StreamManagement.Event.class, Account::fromStreamManagement), env.clock()),
                "sm");
        this.dialer = new AccountDialer(settings, jid, env, store, context.getSystem());
        this.clientState = env.stream().clientState();
        this.status = new Accounts.AccountStatus(jid.toString(), AccountState.OFFLINE, Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), env.clock().instant());
    }

    static Behavior<Command> create(AccountSettings settings, long incarnation, ActorRef<Accounts.Command> parent,
                                    ActorRef<Store.Command> store, AccountEnvironment env, ArchiveWiring archive) {
        return Behaviors.withMdc(Command.class, Map.of("account", settings.jid()),
                Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                        new Account(ctx, timers, settings, incarnation, parent, store, env, archive)
                                .connecting(Backoff.of(env.reconnect()), Optional.empty()))));
    }

    private static Command fromStreamManagement(StreamManagement.Event event) {
        return switch (event) {
            case StreamManagement.Inbound in -> new FromConnection(in.attempt(), in.event(), in.seq());
            case StreamManagement.Disconnected d -> new ConnectionLost(d.attempt(), d.cause(), Optional.empty());
            case StreamManagement.Stalled s -> new ConnectionLost(s.attempt(), Optional.empty(), Optional.of(s.reason()));
            case StreamManagement.Changed c -> new SmChanged(c.status());
        };
    }

    // ---- connecting: read the stored roster and the password, find the server, open TCP (+ direct TLS)

    private Behavior<Command> connecting(Backoff backoff, Optional<ServerEndpoint> redirect) {
        long current = ++attempt;
        publish(AccountState.CONNECTING, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        context.pipeToSelf(dialer.prepare(), (start, error) -> error == null ? new Prepared(current, start)
                : new AttemptFailed(current, LoginFailure.of(LoginFailure.Reason.PROTOCOL, "password-unavailable",
                        "cannot read the password: " + AccountDialer.rootMessage(error))));
        return offline(Behaviors.receive(Command.class)
                .onMessage(Prepared.class, m -> m.attempt() == attempt ? dial(m.start(), redirect) : Behaviors.same())
                .onMessage(Connected.class, m -> m.attempt() == attempt ? negotiate(m, backoff) : Behaviors.same())
                .onMessage(AttemptFailed.class, m -> m.attempt() == attempt ? failed(m.failure(), backoff, false)
                        : Behaviors.same())
                .onMessage(SyncArchive.class, this::forwardSync));
    }

    private Behavior<Command> dial(AccountDialer.Start start, Optional<ServerEndpoint> redirect) {
        long current = attempt;
        Connection.Listener listener = new Connection.Listener() {
            @Override
            public void onStreamEvent(StreamEvent event) {
                sm.tell(new StreamManagement.Read(current, event));
            }

            @Override
            public void onClosed(Optional<Throwable> cause) {
                sm.tell(new StreamManagement.Closed(current, cause));
            }
        };
        context.pipeToSelf(dialer.dial(redirect, listener), (connection, error) -> error == null
                ? new Connected(current, connection, start)
                : new AttemptFailed(current, LoginFailure.from((ConnectFailure) (error instanceof CompletionException
                        && error.getCause() != null ? error.getCause() : error))));
        return Behaviors.same();
    }

    // ---- negotiating (or resuming): the Negotiator child runs the login; we forward what the connection reads

    private Behavior<Command> negotiate(Connected connected, Backoff backoff) {
        Connection connection = connected.connection();
        publish(smStatus.resumable() ? AccountState.RESUMING : AccountState.NEGOTIATING, Optional.empty(),
                Optional.of(connection.endpoint().toString()), List.of(), Optional.empty());
        LoginContext login = connected.start().login();
        if (connection.tls().isPresent()) {
            login = login.withTls(connection.tls().get());
        }
        long current = attempt;
        sm.tell(new StreamManagement.Attach(current, Wire.of(connection)));
        ActorRef<Negotiator.Outcome> outcomes = context.messageAdapter(Negotiator.Outcome.class,
                o -> new LoginOutcome(current, o));
        ActorRef<Negotiator.Command> negotiator = context.spawn(Negotiator.create(connection, this::send, login,
                List.of(new ResumeStep(sm, context.getSystem().scheduler())),
                Recap.postBind(new EnableStep(), archiveSlot(ArchiveSyncSlot.Phase.BEFORE_PRESENCE),
                        archiveSlot(ArchiveSyncSlot.Phase.AFTER_PRESENCE)), outcomes), "login-" + current);
        return offline(Behaviors.receive(Command.class)
                .onMessage(FromConnection.class, m -> {
                    if (m.attempt() == current) {
                        negotiator.tell(new Negotiator.Inbound(m.event()));
                        // The login handles what it reads as it reads it.
                        handled(m.seq());
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
                    case Negotiator.Succeeded s when s.resumed() -> online(resumedSession(s.context(),
                            connected.start()), connection, backoff, env.clock().instant(), false);
                    case Negotiator.Succeeded s -> online(newSession(s.context()), connection, backoff,
                            env.clock().instant(), true);
                    case Negotiator.Failed f -> failed(f.failure(), backoff, false);
                })
                .onMessage(SyncArchive.class, this::forwardSync)
                .onSignal(PostStop.class, s -> abort(connection))
                .onSignal(PreRestart.class, s -> abort(connection)));
    }

    private Session newSession(LoginContext login) {
        suspended.ifPresent(s -> s.failPending("the server could not resume the session"));
        suspended = Optional.empty();
        return new Session(this::send, this::handled, login, store, storeReplies, archive, context.getLog());
    }

    /** XEP-0198 §5: the session of the lost connection goes on; after a restart, rebuilt from the store. */
    private Session resumedSession(LoginContext resumed, AccountDialer.Start start) {
        Session session = suspended.orElseGet(() -> newSession(start.offline().withTls(resumed.tls().orElseThrow())
                .withFeatures(resumed.features()).withBoundJid(resumed.boundJid().orElseThrow())));
        suspended = Optional.empty();
        return session;
    }

    // ---- online

    private Behavior<Command> online(Session session, Connection connection, Backoff backoff, Instant since,
                                     boolean fullLogin) {
        LoginContext login = session.login();
        if (fullLogin) {
            session.persistLogin();
        }
        sm.tell(new StreamManagement.Established(attempt, login.self().toString()));
        session.announce(clientState);
        List<String> features = login.discoOf(jid.domain()).map(d -> d.features()).orElse(List.of());
        publish(AccountState.ONLINE, login.boundJid().map(Jid::toString), Optional.of(connection.endpoint().toString()),
                features, Optional.empty());
        archive.tell(new ArchiveSync.Online(login.self(), ArchiveSyncSlot.hasArchive(login)));
        long current = attempt;
        return common(Behaviors.receive(Command.class)
                .onMessage(FromConnection.class, m -> m.attempt() != current ? Behaviors.same()
                        : session.onEvent(m.event(), m.seq()).map(f -> endSession(session, connection, f, backoff,
                                since)).orElse(Behaviors.same()))
                .onMessage(ConnectionLost.class, m -> m.attempt() != current ? Behaviors.same()
                        : endSession(session, connection, lost(m), backoff, since))
                .onMessage(Request.class, m -> {
                    if (m.request() instanceof Accounts.SetClientState state) {
                        clientState(state.state());
                    }
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
                .onMessage(Shutdown.class, m -> {
                    if (!m.keepSession()) {
                        session.close();
                    }
                    return stopping(m);
                })
                .onSignal(PostStop.class, s -> abort(connection))
                .onSignal(PreRestart.class, s -> abort(connection)));
    }

    private static LoginFailure lost(ConnectionLost lost) {
        return lost.reason().map(LoginFailure::network)
                .or(() -> lost.cause().map(c -> LoginFailure.network("connection lost: " + AccountDialer.rootMessage(c))))
                .orElse(LoginFailure.network("the server closed the connection"));
    }

    /** A resumable session waits for the next connection (its requests too); any other ends here. */
    private Behavior<Command> endSession(Session session, Connection connection, LoginFailure failure, Backoff backoff,
                                         Instant since) {
        connection.abort();
        if (smStatus.resumable()) {
            suspended = Optional.of(session);
        } else {
            session.failPending("the connection was lost");
        }
        boolean stable = Duration.between(since, env.clock().instant()).compareTo(Backoff.STABLE) >= 0;
        return failed(failure, stable ? backoff.reset() : backoff, true);
    }

    // ---- after a failure: retry with backoff, slowly, or not at all

    private Behavior<Command> failed(LoginFailure failure, Backoff backoff, boolean wasOnline) {
        // Accounts logs the state change with this reason (StateLog); the detail is for debugging.
        context.getLog().debug("{}: {}", jid, failure.describe());
        archive.tell(new ArchiveSync.Offline(failure.describe()));
        if (failure.redirect().isPresent() && !wasOnline) {
            return connecting(backoff, Optional.of(AccountDialer.redirectEndpoint(failure.redirect().get())));
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
        return offline(Behaviors.receive(Command.class)
                .onMessage(Retry.class, m -> connecting(backoff, Optional.empty()))
                .onMessage(SyncArchive.class, m -> {
                    m.replyTo().tell(new ArchiveSync.NotSynced(jid.toString(), jid + " is not online"
                            + lastError.map(e -> " (" + e + ")").orElse("") + "; see xmppctl status"));
                    return Behaviors.same();
                }));
    }

    /** What every state but online does with requests, reads and stops. */
    private Behavior<Command> offline(BehaviorBuilder<Command> builder) {
        return common(builder
                .onMessage(Request.class, this::requestOffline)
                .onMessage(Shutdown.class, this::stopping)
                .onMessage(FromConnection.class, m -> Behaviors.same())
                .onMessage(ConnectionLost.class, m -> Behaviors.same())
                .onMessage(LoginOutcome.class, m -> Behaviors.same()));
    }

    private Behavior<Command> common(BehaviorBuilder<Command> builder) {
        return builder
                .onMessage(StoreWritten.class, this::onStoreWritten)
                .onMessage(SmChanged.class, m -> {
                    smStatus = m.status();
                    republish();
                    return Behaviors.same();
                })
                .onMessage(ArchiveOutbound.class, m -> Behaviors.same())
                .onMessage(ArchiveHandled.class, m -> {
                    handled(m.seq());
                    return Behaviors.same();
                })
                .onMessage(SmStopped.class, m -> Behaviors.same())
                .build();
    }

    /**
     * Offline: a message waits in the suspended session's queue (sent on resumption, or after a new login), the
     * client state is kept for the next login; anything else needs the server.
     */
    private Behavior<Command> requestOffline(Request request) {
        switch (request.request()) {
            case Accounts.SetClientState state -> {
                clientState(state.state());
                state.replyTo().tell(Accounts.Done.INSTANCE);
            }
            case Accounts.Send send when suspended.isPresent() -> suspended.get().request(send);
            default -> request.request().replyTo().tell(new Accounts.Rejected(Accounts.Reason.NOT_ONLINE,
                    jid + " is not online; see xmppctl status"));
        }
        return Behaviors.same();
    }

    private void clientState(ClientState state) {
        clientState = state;
        republish();
    }

    /** Ends or keeps the server's session ({@link Shutdown}); Done once stream management is through. */
    private Behavior<Command> stopping(Shutdown shutdown) {
        sm.tell(new StreamManagement.Stop(shutdown.keepSession(),
                context.messageAdapter(StreamManagement.Stopped.class, s -> SmStopped.INSTANCE)));
        timers.startSingleTimer("stop", SmStopped.INSTANCE, STOP_TIMEOUT);
        return Behaviors.receive(Command.class)
                .onMessage(SmStopped.class, m -> {
                    shutdown.replyTo().ifPresent(r -> r.tell(Accounts.Done.INSTANCE));
                    return Behaviors.stopped();
                })
                .onMessage(Request.class, m -> {
                    m.request().replyTo().tell(new Accounts.Rejected(Accounts.Reason.NOT_ONLINE, jid + " is stopping"));
                    return Behaviors.same();
                })
                .onMessage(SyncArchive.class, m -> {
                    m.replyTo().tell(new ArchiveSync.NotSynced(jid.toString(), jid + " is stopping"));
                    return Behaviors.same();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private void send(Element element) {
        sm.tell(new StreamManagement.Send(element));
    }

    /** The seam to XEP-0198: a stanza counts for our h once processed (messages: once the archive committed them). */
    private void handled(long seq) {
        if (seq > 0) {
            sm.tell(new StreamManagement.Handled(seq));
        }
    }

    private Behavior<Command> abort(Connection connection) {
        connection.abort();
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
        status = new Accounts.AccountStatus(jid.toString(), state, boundJid, server, features, lastError,
                env.clock().instant());
        republish();
        archiveWiring.events().publish(new ArchiveEvents.StateChanged(jid.toString(),
                state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), lastError));
    }

    /** The same state with the current stream management and client state. */
    private void republish() {
        parent.tell(new Accounts.StatusChanged(incarnation, status.withStream(smStatus, clientState)));
    }
}
