package dev.xmppd.daemon.account;

import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.Secret;
import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginFailure;
import dev.xmppd.daemon.login.LoginSettings;
import dev.xmppd.daemon.login.QuickLogin;
import dev.xmppd.daemon.net.CertificateTrust;
import dev.xmppd.daemon.net.ConnectFailure;
import dev.xmppd.daemon.net.Connection;
import dev.xmppd.daemon.net.Dialer;
import dev.xmppd.daemon.net.ServerEndpoint;
import dev.xmppd.daemon.net.ServerLocator;
import dev.xmppd.daemon.sm.SmStatus;
import dev.xmppd.daemon.sm.StreamManagement;
import dev.xmppd.daemon.store.AccountState;
import dev.xmppd.daemon.store.FastTokenFiles;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.StreamEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The first half of every attempt of an {@link Account}: read the password and what the store knows of the
 * account, find the server (host override, see-other-host redirect, or DNS SRV) and open the connection. Nothing
 * here touches the actor's state; results come back as stages. It also holds the attempt's place among the logins
 * running at once ({@link LoginGate}), which the account leaves once online or failed.
 */
final class AccountDialer {

    /**
     * What a login starts from. {@code offline}: the same plus what the store kept of the last session (blocklist,
     * disco), for a resumed session after a restart, whose login fetches nothing.
     */
    record Start(LoginContext login, LoginContext offline) {
    }

    private final AccountSettings settings;
    private final Jid jid;
    private final AccountEnvironment env;
    private final ActorRef<Store.Command> store;
    private final ActorSystem<?> system;
    private Optional<LoginGate.Ticket> ticket = Optional.empty();

    AccountDialer(AccountSettings settings, Jid jid, AccountEnvironment env, ActorRef<Store.Command> store,
                  ActorSystem<?> system) {
        this.settings = settings;
        this.jid = jid;
        this.env = env;
        this.store = store;
        this.system = system;
    }

    /** {@link #prepare()} once this account's turn among the logins running at once has come. */
    CompletionStage<Start> prepareInTurn() {
        leaveGate();
        LoginGate.Ticket entered = env.logins().enter();
        ticket = Optional.of(entered);
        return entered.admitted().thenCompose(admitted -> prepare());
    }

    /** The login is over (online, failed or stopped): the next account may start. Calling it again does nothing. */
    void leaveGate() {
        ticket.ifPresent(LoginGate.Ticket::leave);
        ticket = Optional.empty();
    }

    CompletionStage<Start> prepare() {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(Store.DISPATCHER));
        CompletableFuture<String> password = CompletableFuture.supplyAsync(() -> {
            try {
                Secret secret = settings.password().read();
                String value = new String(secret.chars());
                secret.clear();
                return value;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blocking);
        CompletionStage<Store.Loaded> stored = AskPattern.<Store.Command, Store.Loaded>ask(store,
                replyTo -> new Store.LoadAccount(jid.toString(), replyTo), Duration.ofSeconds(10),
                system.scheduler()).exceptionally(e -> new Store.Loaded(Optional.empty()));
        CompletionStage<QuickLogin> quick = AskPattern.<Store.Command, Store.FastLoaded>ask(store,
                        replyTo -> new Store.LoadFast(jid.toString(), replyTo), Duration.ofSeconds(10),
                        system.scheduler())
                .exceptionally(e -> new Store.FastLoaded(Optional.empty()))
                .thenApply(loaded -> quickLogin(loaded.credential()));
        return password.thenCombine(stored, (secret, loaded) -> {
            LoginContext login = LoginContext.start(new LoginSettings(jid, secret, settings.resource(),
                            settings.presence()), Optional.empty(),
                    loaded.account().map(AccountState::roster).orElse(List.of()),
                    loaded.account().flatMap(AccountState::rosterVersion));
            LoginContext offline = loaded.account()
                    .map(a -> login.withBlocklist(a.blocklist()).withDisco(a.disco(), List.of())).orElse(login);
            return new Start(login, offline);
        }).thenCombine(quick, (start, q) -> new Start(start.login().withSettings(start.login().settings().withQuick(q)),
                start.offline().withSettings(start.offline().settings().withQuick(q))));
    }

    /** The stored FAST credential (or a new client id), and a new token going back to the store. */
    private QuickLogin quickLogin(Optional<FastTokenFiles.FastCredential> stored) {
        String clientId = stored.map(FastTokenFiles.FastCredential::clientId).orElseGet(() -> UUID.randomUUID().toString());
        return new QuickLogin(clientId, stored.flatMap(FastTokenFiles.FastCredential::token)
                .filter(t -> !t.expiredAt(env.clock().instant())),
                token -> store.tell(new Store.SaveFast(jid.toString(), new FastTokenFiles.FastCredential(clientId, token))),
                Optional.empty());
    }

    /**
     * Connects; the stage fails with a {@link ConnectFailure}. A session to resume whose server named where to find
     * it (XEP-0198 §3, {@code <enabled location/>}) tries there first, then the usual endpoints.
     */
    CompletionStage<Connection> dial(Optional<ServerEndpoint> redirect, SmStatus session,
                                     Connection.Listener listener) {
        CertificateTrust trust;
        try {
            trust = new CertificateTrust(settings.trustedCert(), settings.pinSha256().map(CertificateTrust::pinToHex));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ConnectFailure(ConnectFailure.Kind.CERTIFICATE_INVALID,
                    e.getMessage(), e));
        }
        Dialer dialer = new Dialer(env.loops(), trust, env.transcript(jid.toString()), env.clock(),
                env.connectTimeout());
        Optional<ServerEndpoint> resumeAt = redirect.isPresent() || !session.resumable() ? Optional.empty()
                : session.location().flatMap(this::location);
        return endpoints(redirect)
                .thenApply(usual -> resumeAt.map(at -> Stream.concat(Stream.of(at), usual.stream()).toList())
                        .orElse(usual))
                .thenCompose(endpoints -> dialer.dial(endpoints, jid.domain(), listener))
                .handle((connection, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedStage(connection);
                    }
                    Throwable cause = error.getCause() == null ? error : error.getCause();
                    return CompletableFuture.<Connection>failedStage(error instanceof ConnectFailure f ? f
                            : cause instanceof ConnectFailure f ? f : ConnectFailure.classify(cause,
                            new ServerEndpoint(jid.domain(), ServerEndpoint.DEFAULT_PORT, false)));
                })
                .thenCompose(stage -> stage);
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

    /** {@code host}, {@code host:port} or {@code [IPv6]:port}, reached as the account's other endpoints are. */
    private Optional<ServerEndpoint> location(String location) {
        int colon = location.lastIndexOf(':');
        boolean hasPort = colon > 0 && (location.startsWith("[") ? location.charAt(colon - 1) == ']'
                : location.indexOf(':') == colon);
        String host = hasPort ? location.substring(0, colon) : location;
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            int port = hasPort ? Integer.parseInt(location.substring(colon + 1))
                    : settings.directTls() ? 5223 : ServerEndpoint.DEFAULT_PORT;
            return host.isEmpty() || port < 1 || port > 65_535 ? Optional.empty()
                    : Optional.of(new ServerEndpoint(host, port, settings.directTls()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Everything the connection reads, and its close, go to stream management, tagged with the attempt. */
    static Connection.Listener listener(ActorRef<StreamManagement.Command> sm, long attempt) {
        return new Connection.Listener() {
            @Override
            public void onStreamEvent(StreamEvent event) {
                sm.tell(new StreamManagement.Read(attempt, event));
            }

            @Override
            public void onClosed(Optional<Throwable> cause) {
                sm.tell(new StreamManagement.Closed(attempt, cause));
            }
        };
    }

    /** A failed {@link #dial}, as the account reports it. */
    static LoginFailure failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return LoginFailure.from(cause instanceof ConnectFailure f ? f : ConnectFailure.classify(cause,
                new ServerEndpoint("unknown", ServerEndpoint.DEFAULT_PORT, false)));
    }

    /** A lost connection: dropped as dead by stream management ({@code reason}), reset, or closed by the server. */
    static LoginFailure lost(Optional<Throwable> cause, Optional<String> reason) {
        return reason.map(LoginFailure::network)
                .or(() -> cause.map(c -> LoginFailure.network("connection lost: " + rootMessage(c))))
                .orElse(LoginFailure.network("the server closed the connection"));
    }

    /** Drops the connection (the actor stops or restarts): the server may keep the session for resumption. */
    static <T> Behavior<T> abort(Connection connection) {
        connection.abort();
        return Behaviors.same();
    }

    /** The account stops before it has a connection: leave the login gate. */
    <T> Behavior<T> stopped() {
        leaveGate();
        return Behaviors.same();
    }

    /** The account stops while it logs in: leave the login gate and drop the connection. */
    <T> Behavior<T> stopped(Connection connection) {
        leaveGate();
        return abort(connection);
    }

    static ServerEndpoint redirectEndpoint(String target) {
        int colon = target.lastIndexOf(':');
        if (colon > 0 && !target.endsWith("]") && target.indexOf(':') == colon) {
            return new ServerEndpoint(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)), false);
        }
        return new ServerEndpoint(target, ServerEndpoint.DEFAULT_PORT, false);
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
