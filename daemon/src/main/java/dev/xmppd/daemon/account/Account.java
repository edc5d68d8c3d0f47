package dev.xmppd.daemon.account;

import dev.xmppd.daemon.account.Accounts.AccountState;
import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.archive.ArchiveWiring;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginFailure;
import dev.xmppd.daemon.login.Negotiator;
import dev.xmppd.daemon.login.Recap;
import dev.xmppd.daemon.net.Connection;
import dev.xmppd.daemon.net.ServerEndpoint;
import dev.xmppd.daemon.retry.Backoff;
import dev.xmppd.daemon.sm.EnableStep;
import dev.xmppd.daemon.sm.ResumeStep;
import dev.xmppd.daemon.sm.SmStatus;
import dev.xmppd.daemon.sm.StreamManagement;
import dev.xmppd.daemon.sm.Wire;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Read through stream management; {@code seq} numbers a stanza (XEP-0198), else 0. */
    private record FromConnection(long attempt, StreamEvent event, long seq) implements Command {
    }

    /** {@code reason}: stream management found the connection dead (silent) and dropped it. */
    private record ConnectionLost(long attempt, Optional<Throwable> cause, Optional<String> reason) implements Command {
    }

    private record LoginOutcome(long attempt, Negotiator.Outcome outcome) implements Command {
    }

    private record RequestTimedOut(String id) implements Command {
    }

    private record StoreWritten(Store.Result result) implements Command {
    }

    private record SmChanged(SmStatus status) implements Command {
    }

    enum SmStopped implements Command { INSTANCE }

    /** {@code xmppctl sync}: handed to the ArchiveSync while the account is (getting) online. */
    record SyncArchive(ActorRef<ArchiveSync.SyncReply> replyTo) implements Command {
    }

    private record ArchiveOutbound(Element stanza) implements Command {
    }

    private record ArchiveHandled(long seq) implements Command {
    }

    private enum Retry implements Command { INSTANCE }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Jid jid;
    private final ActorRef<Store.Command> store;
    private final AccountEnvironment env;
    private final ActorRef<Store.Result> storeReplies;
    private final ArchiveWiring archiveWiring;
    private final ActorRef<ArchiveSync.Command> archive;
    private final ActorRef<StreamManagement.Command> sm;
    private final AccountDialer dialer;
    private final StatusBoard board;
    private final SessionSlot sessions;
    private long attempt;
    private boolean archiveOnline;

    private Account(ActorContext<Command> context, TimerScheduler<Command> timers, AccountSettings settings,
                    long incarnation, ActorRef<Accounts.Command> parent, ActorRef<Store.Command> store,
                    AccountEnvironment env, ArchiveWiring archiveWiring) {
        this.context = context;
        this.timers = timers;
        this.jid = Jid.parse(settings.jid()).bare();
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
        this.sessions = new SessionSlot(login -> new Session(this::send, this::handled, login, store, storeReplies,
                archive, context.getLog()));
        this.board = new StatusBoard(jid.toString(), incarnation, parent, archiveWiring.events(), env.clock(),
                env.stream().clientState());
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
        publish(AccountState.CONNECTING, Optional.empty());
        context.pipeToSelf(dialer.prepareInTurn(), (start, error) -> error == null ? new Prepared(current, start)
                : new AttemptFailed(current, LoginFailure.of(LoginFailure.Reason.PROTOCOL, "password-unavailable",
                        "cannot read the password: " + AccountDialer.rootMessage(error))));
        return offline(Behaviors.receive(Command.class)
                .onMessage(Prepared.class, m -> {
                    // What the connection reads, and its close, go through stream management, in order.
                    context.pipeToSelf(dialer.dial(redirect, board.sm(), AccountDialer.listener(sm, current)),
                            (connection, error) -> error == null ? new Connected(current, connection, m.start())
                                    : new AttemptFailed(current, AccountDialer.failure(error)));
                    return Behaviors.same();
                })
                .onMessage(Connected.class, m -> m.attempt() == attempt ? negotiate(m, backoff) : Behaviors.same())
                .onMessage(AttemptFailed.class, m -> m.attempt() == attempt ? failed(m.failure(), backoff, false)
                        : Behaviors.same())
                .onMessage(SyncArchive.class, this::forwardSync));
    }

    // ---- negotiating (or resuming): the Negotiator child runs the login; we forward what the connection reads

    private Behavior<Command> negotiate(Connected connected, Backoff backoff) {
        Connection connection = connected.connection();
        board.publish(board.sm().resumable() ? AccountState.RESUMING : AccountState.NEGOTIATING, Optional.empty(),
                Optional.of(connection.endpoint().toString()), List.of(), Optional.empty());
        LoginContext login = connection.tls().map(connected.start().login()::withTls).orElse(connected.start().login())
                .withResumption(board.sm().resumable()
                        ? Optional.of(ResumeStep.source(sm, context.getSystem().scheduler())) : Optional.empty());
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
                .onMessage(LoginOutcome.class, m -> {
                    if (m.outcome() instanceof Negotiator.Succeeded s) {
                        board.login(s.summary());
                    }
                    return loggedIn(m.outcome(), connected, connection, backoff);
                })
                .onMessage(SyncArchive.class, this::forwardSync)
                .onSignal(PostStop.class, s -> dialer.stopped(connection))
                .onSignal(PreRestart.class, s -> dialer.stopped(connection)));
    }

    private Behavior<Command> loggedIn(Negotiator.Outcome outcome, Connected connected, Connection connection,
                                       Backoff backoff) {
        return switch (outcome) {
            case Negotiator.Succeeded s when s.resumed() -> online(sessions.resumed(s.context(),
                    connected.start().offline()), connection, backoff, env.clock().instant(), false);
            case Negotiator.Succeeded s -> {
                sessions.kept().ifPresent(k -> archiveOffline("the session could not be resumed"));
                yield online(sessions.fresh(s.context()), connection, backoff, env.clock().instant(), true);
            }
            case Negotiator.Failed f -> failed(f.failure(), backoff, false);
        };
    }

    // ---- online

    private Behavior<Command> online(Session session, Connection connection, Backoff backoff, Instant since,
                                     boolean fullLogin) {
        dialer.leaveGate();
        LoginContext login = session.login();
        if (fullLogin) {
            session.persistLogin();
        }
        sm.tell(new StreamManagement.Established(attempt, login.self().toString()));
        session.announce(board.clientState());
        List<String> features = login.discoOf(jid.domain()).map(d -> d.features()).orElse(List.of());
        board.publish(AccountState.ONLINE, login.boundJid().map(Jid::toString), Optional.of(connection.endpoint().toString()),
                features, Optional.empty());
        if (!archiveOnline) { // not after resuming a kept session: its queries go on
            archive.tell(new ArchiveSync.Online(login.self(), ArchiveSyncSlot.hasArchive(login)));
            archiveOnline = true;
        }
        long current = attempt;
        return common(Behaviors.receive(Command.class)
                .onMessage(FromConnection.class, m -> m.attempt() != current ? Behaviors.same()
                        : session.onEvent(m.event(), m.seq()).map(f -> endSession(session, connection, f, backoff,
                                since)).orElse(Behaviors.same()))
                .onMessage(ConnectionLost.class, m -> m.attempt() != current ? Behaviors.same()
                        : endSession(session, connection, AccountDialer.lost(m.cause(), m.reason()), backoff, since))
                .onMessage(Request.class, m -> {
                    if (m.request() instanceof Accounts.SetClientState state) {
                        board.clientState(state.state());
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
                    return AccountStop.stopping(m, context, timers, sm, jid.toString());
                })
                .onSignal(PostStop.class, s -> AccountDialer.abort(connection))
                .onSignal(PreRestart.class, s -> AccountDialer.abort(connection)));
    }

    /** A resumable session waits for the next connection (its requests too); any other ends here. */
    private Behavior<Command> endSession(Session session, Connection connection, LoginFailure failure, Backoff backoff,
                                         Instant since) {
        connection.abort();
        sessions.lost(session, board.sm().resumable());
        boolean stable = Duration.between(since, env.clock().instant()).compareTo(Backoff.STABLE) >= 0;
        return failed(failure, stable ? backoff.reset() : backoff, true);
    }

    // ---- after a failure: retry with backoff, slowly, or not at all

    private Behavior<Command> failed(LoginFailure failure, Backoff backoff, boolean wasOnline) {
        // Accounts logs the state change with this reason (StateLog); the detail is for debugging.
        context.getLog().debug("{}: {}", jid, failure.describe());
        dialer.leaveGate();
        if (sessions.kept().isEmpty()) {
            // A kept session is not over for the archive: its queries go on once it is resumed.
            archiveOffline(failure.describe());
        }
        if (failure.redirect().isPresent() && !wasOnline) {
            return connecting(backoff, Optional.of(AccountDialer.redirectEndpoint(failure.redirect().get())));
        }
        Optional<String> error = Optional.of(failure.describe());
        return switch (failure.reason().retry()) {
            case NEVER -> {
                publish(AccountState.AUTH_FAILED, error);
                yield waiting(backoff);
            }
            case SLOW -> {
                publish(AccountState.ERROR, error);
                timers.startSingleTimer("retry", Retry.INSTANCE, backoff.slowDelay());
                yield waiting(backoff);
            }
            case BACKOFF -> {
                publish(AccountState.BACKOFF, error);
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
                            + board.lastError().map(e -> " (" + e + ")").orElse("") + "; see xmppctl status"));
                    return Behaviors.same();
                }));
    }

    /** What every state but online does with requests, reads and stops. */
    private Behavior<Command> offline(BehaviorBuilder<Command> builder) {
        return common(builder
                .onMessage(Request.class, m -> {
                    sessions.whileOffline(m.request(), board, jid.toString());
                    return Behaviors.same();
                })
                .onMessage(Shutdown.class, m -> {
                    dialer.leaveGate();
                    return AccountStop.stopping(m, context, timers, sm, jid.toString());
                })
                .onMessage(FromConnection.class, m -> Behaviors.same())
                .onMessage(ConnectionLost.class, m -> Behaviors.same())
                .onMessage(LoginOutcome.class, m -> Behaviors.same())
                .onSignal(PostStop.class, s -> dialer.stopped()));
    }

    private Behavior<Command> common(BehaviorBuilder<Command> builder) {
        return builder
                .onMessage(StoreWritten.class, m -> {
                    if (m.result() instanceof Store.Failed failed) {
                        context.getLog().warn("could not store login data for {}: {}", jid, failed.message());
                    }
                    return Behaviors.same();
                })
                .onMessage(SmChanged.class, m -> {
                    board.sm(m.status());
                    return Behaviors.same();
                })
                .onMessage(ArchiveOutbound.class, m -> {
                    sessions.kept().ifPresent(s -> s.send(m.stanza()));
                    return Behaviors.same();
                })
                .onMessage(ArchiveHandled.class, m -> {
                    handled(m.seq());
                    return Behaviors.same();
                })
                .onMessage(SmStopped.class, m -> Behaviors.same())
                .build();
    }

    private void archiveOffline(String why) {
        archive.tell(new ArchiveSync.Offline(why));
        archiveOnline = false;
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

    private ArchiveSyncSlot archiveSlot(ArchiveSyncSlot.Phase phase) {
        return new ArchiveSyncSlot(phase, archiveWiring.store(), archiveWiring.settings(),
                context.getSystem().scheduler());
    }

    private Behavior<Command> forwardSync(SyncArchive sync) {
        archive.tell(new ArchiveSync.Sync(sync.replyTo()));
        return Behaviors.same();
    }

    private void publish(AccountState state, Optional<String> error) {
        board.publish(state, Optional.empty(), Optional.empty(), List.of(), error);
    }
}
