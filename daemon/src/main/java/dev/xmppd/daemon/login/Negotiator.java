package dev.xmppd.daemon.login;

import dev.xmppd.daemon.net.ConnectFailure;
import dev.xmppd.daemon.net.Connection;
import dev.xmppd.daemon.net.TlsSession;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamErrorCondition;
import dev.xmppd.protocol.xml.StreamEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The login state machine of one connection: stream header → features → STARTTLS → TLS → restart →
 * SASL → restart → bind (→ session) → the post-bind steps of the recap, which the account supplies in
 * order (stream management slot, disco, roster, blocklist, carbons, archive slot, presence, catch-up slot).
 * Stream-level steps come from {@link StreamFeature#CLIENT_FEATURES}. Every request is matched to its
 * response by {@link IqTracker}; requests to us are answered meanwhile. It reports {@link Succeeded} with
 * all it learned, or {@link Failed} with a typed {@link LoginFailure}, then stops.
 *
 * <p>States: {@code awaitingStream} (RFC 6120 §4.2) → {@code awaitingFeatures} (§4.3.2) →
 * {@code inStep} (one step at a time) → {@code awaitingTls} (§5.4.3.3) → back to {@code awaitingStream}.
 */
public final class Negotiator {

    public sealed interface Command {
    }

    /** Something the connection read; the account forwards it while the login runs. */
    public record Inbound(StreamEvent event) implements Command {
    }

    public record ConnectionClosed(Optional<Throwable> cause) implements Command {
    }

    private record TlsEstablished(TlsSession session) implements Command {
    }

    private record TlsFailed(Throwable cause) implements Command {
    }

    private record LaterResult(long generation, StepResult result) implements Command {
    }

    private record StepTimeout(long generation) implements Command {
    }

    public sealed interface Outcome {
    }

    /**
     * The stream is ready. {@code resumed}: it took up an earlier session (XEP-0198 §5) and nothing after
     * authentication was negotiated; {@code context} then knows no bound JID, roster or disco of its own.
     * {@code took}: from our first stream header to here.
     */
    public record Succeeded(LoginContext context, boolean resumed, Duration took) implements Outcome {
        public Succeeded(LoginContext context) {
            this(context, false, Duration.ZERO);
        }

        /** How this login went, for status: {@link LoginSummary}. */
        public LoginSummary summary() {
            return LoginSummary.of(context, took);
        }
    }

    public record Failed(LoginFailure failure) implements Outcome {
    }

    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);
    private static final String STREAM_ERRORS = StreamErrorCondition.NAMESPACE;

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Connection connection;
    private final Consumer<Element> out;
    private final List<LoginStep> beforeBind;
    private final List<LoginStep> postBind;
    private final ActorRef<Outcome> replyTo;
    private final IqTracker<String> iqs = new IqTracker<>();
    private final long startedNanos = System.nanoTime();
    private long generation;

    private Negotiator(ActorContext<Command> context, TimerScheduler<Command> timers, Connection connection,
                       Consumer<Element> out, List<LoginStep> beforeBind, List<LoginStep> postBind,
                       ActorRef<Outcome> replyTo) {
        this.context = context;
        this.timers = timers;
        this.connection = connection;
        this.out = out;
        this.beforeBind = List.copyOf(beforeBind);
        this.postBind = List.copyOf(postBind);
        this.replyTo = replyTo;
    }

    public static Behavior<Command> create(Connection connection, LoginContext initial, List<LoginStep> postBind,
                                           ActorRef<Outcome> replyTo) {
        return create(connection, connection::send, initial, List.of(), postBind, replyTo);
    }

    /**
     * Elements go out through {@code out} (stream management sits there); stream headers and TLS use the connection.
     * {@code beforeBind} steps run once authenticated, before resource binding (XEP-0198 resumption).
     */
    public static Behavior<Command> create(Connection connection, Consumer<Element> out, LoginContext initial,
                                           List<LoginStep> beforeBind, List<LoginStep> postBind,
                                           ActorRef<Outcome> replyTo) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new Negotiator(ctx, timers, connection, out, beforeBind, postBind, replyTo).openStream(initial)));
    }

    /** RFC 6120 §4.7: {@code from} only once TLS protects the stream; {@code to} is always our domain. */
    private Behavior<Command> openStream(LoginContext login) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("to", login.account().domain());
        if (login.tls().isPresent()) {
            header.put("from", login.account().toString());
        }
        header.put("version", "1.0");
        header.put("xml:lang", "en");
        connection.openStream(header);
        armTimer(STREAM_TIMEOUT);
        return awaitingStream(login);
    }

    private Behavior<Command> awaitingStream(LoginContext login) {
        return Behaviors.receive(Command.class)
                .onMessage(Inbound.class, m -> onStreamStart(login, m.event()))
                .onMessage(ConnectionClosed.class, m -> closed(m, "the stream header"))
                .onMessage(StepTimeout.class, m -> timedOut(m, LoginFailure.timeout("the stream header")))
                .build();
    }

    private Behavior<Command> onStreamStart(LoginContext login, StreamEvent event) {
        if (event instanceof StreamEvent.StreamOpened opened) {
            if (!opened.attribute("version").startsWith("1.")) {
                return fail(LoginFailure.protocol("the server speaks XMPP version '" + opened.attribute("version")
                        + "', we need 1.0 (RFC 6120 §4.7.5)"));
            }
            return awaitingFeatures(login);
        }
        return onStreamLevel(login, event, "the stream header");
    }

    private Behavior<Command> awaitingFeatures(LoginContext login) {
        return Behaviors.receive(Command.class)
                .onMessage(Inbound.class, m -> {
                    if (m.event() instanceof StreamEvent.ElementReceived(Element e)
                            && e.is("features", StreamFeature.STREAM_NAMESPACE)) {
                        return proceed(login.withFeatures(e));
                    }
                    return onStreamLevel(login, m.event(), "the stream features");
                })
                .onMessage(ConnectionClosed.class, m -> closed(m, "the stream features"))
                .onMessage(StepTimeout.class, m -> timedOut(m, LoginFailure.timeout("the stream features")))
                .build();
    }

    /** Walks the features offered on this stream, then the post-bind steps (RFC 6120 §4.3.2). */
    private Behavior<Command> proceed(LoginContext login) {
        if (login.phase() == LoginContext.Phase.AUTHENTICATED && login.boundJid().isEmpty()) {
            for (LoginStep step : beforeBind) {
                if (!login.isCompleted(step.name()) && step.applies(login)) {
                    return run(login, step);
                }
            }
        }
        Optional<StreamFeature> feature = StreamFeature.next(login);
        if (feature.isPresent()) {
            return run(login, feature.get().negotiate().get());
        }
        switch (login.phase()) {
            case INSECURE -> {
                return fail(LoginFailure.tlsUnavailable("the server does not offer STARTTLS; "
                        + "xmppd never logs in without TLS (use --direct-tls if the server only speaks direct TLS)"));
            }
            case SECURED -> {
                return fail(LoginFailure.protocol("the server offers no SASL authentication after TLS"));
            }
            case AUTHENTICATED -> {
                if (login.boundJid().isEmpty()) {
                    return fail(LoginFailure.protocol("the server offers no resource binding (RFC 6120 §7)"));
                }
            }
        }
        for (LoginStep step : postBind) {
            if (!login.isCompleted(step.name()) && step.applies(login)) {
                return run(login, step);
            }
        }
        timers.cancelAll();
        replyTo.tell(new Succeeded(login, false, took()));
        return Behaviors.stopped();
    }

    private Behavior<Command> run(LoginContext login, LoginStep step) {
        context.getLog().debug("login step {} for {}", step.name(), login.account());
        armTimer(step.timeout());
        return handle(login, step, step.start(login));
    }

    private Behavior<Command> handle(LoginContext login, LoginStep step, StepResult result) {
        return switch (result) {
            case StepResult.Continue(LoginContext next, List<Element> send) -> {
                send(step, send);
                yield inStep(next, step);
            }
            case StepResult.Done(LoginContext next, List<Element> send) -> {
                send(step, send);
                yield proceed(next.completing(step.name()));
            }
            case StepResult.RestartStream(LoginContext next) -> openStream(next.completing(step.name()));
            case StepResult.UpgradeTls(LoginContext next) -> {
                context.pipeToSelf(connection.startTls(), (session, error) ->
                        error == null ? new TlsEstablished(session) : new TlsFailed(error));
                yield awaitingTls(next.completing(step.name()));
            }
            case StepResult.Later(var stage) -> {
                long current = generation;
                context.pipeToSelf(stage, (r, error) -> new LaterResult(current, error == null ? r
                        : StepResult.fail(LoginFailure.protocol(step.name() + " failed: " + error.getMessage()))));
                yield inStep(login, step);
            }
            case StepResult.Resumed(LoginContext next) -> {
                timers.cancelAll();
                replyTo.tell(new Succeeded(next.completing(step.name()), true, took()));
                yield Behaviors.stopped();
            }
            case StepResult.Failed(LoginFailure failure) -> fail(failure);
        };
    }

    private void send(LoginStep step, List<Element> elements) {
        for (Element element : elements) {
            iqs.register(element, step.name());
            out.accept(element);
        }
    }

    private Behavior<Command> inStep(LoginContext login, LoginStep step) {
        long current = generation;
        return Behaviors.receive(Command.class)
                .onMessage(Inbound.class, m -> onInbound(login, step, m.event()))
                .onMessage(LaterResult.class, m -> m.generation() == current ? handle(login, step, m.result())
                        : Behaviors.same())
                .onMessage(ConnectionClosed.class, m -> closed(m, "the " + step.name() + " step"))
                .onMessage(StepTimeout.class, m -> timedOut(m, step.onTimeout()))
                .build();
    }

    private Behavior<Command> onInbound(LoginContext login, LoginStep step, StreamEvent event) {
        if (!(event instanceof StreamEvent.ElementReceived(Element element))
                || element.is("error", StreamFeature.STREAM_NAMESPACE)) {
            return onStreamLevel(login, event, "the " + step.name() + " step");
        }
        if (IqTracker.isResponse(element)) {
            Optional<String> owner = iqs.match(element, login.self());
            if (owner.isEmpty() || !owner.get().equals(step.name())) {
                context.getLog().warn("ignoring an iq response nobody asked for (id {}, from {})",
                        element.attribute("id").orElse(""), element.attribute("from").orElse("our server"));
                return Behaviors.same();
            }
            return handle(login, step, step.onElement(login, element));
        }
        if (Stanza.of(element).orElse(null) instanceof Iq iq && iq.isRequest()) {
            return inStep(answer(login, iq), step);
        }
        if (Stanza.isStanza(element)) {
            context.getLog().debug("{} during login, not archived yet: <{}/>", login.account(), element.name());
            return Behaviors.same();
        }
        return handle(login, step, step.onElement(login, element));
    }

    /** Requests during login: pushes update what we learned, the rest goes to {@link IqResponder}. */
    private LoginContext answer(LoginContext login, Iq iq) {
        Optional<RosterPush> roster = RosterPush.parse(iq, login.account());
        Optional<BlocklistPush> blocks = BlocklistPush.parse(iq, login.account());
        if (roster.isPresent()) {
            out.accept(Iq.result(iq).element());
            return login.withRoster(roster.get().applyTo(login.roster()),
                    roster.get().version().or(login::rosterVersion));
        }
        if (blocks.isPresent()) {
            out.accept(Iq.result(iq).element());
            return login.withBlocklist(blocks.get().applyTo(login.blocklist()));
        }
        out.accept(IqResponder.answer(iq));
        return login;
    }

    private Behavior<Command> awaitingTls(LoginContext login) {
        return Behaviors.receive(Command.class)
                .onMessage(TlsEstablished.class, m -> openStream(login.withTls(m.session())))
                .onMessage(TlsFailed.class, m -> fail(LoginFailure.from(
                        ConnectFailure.classify(m.cause(), connection.endpoint()))))
                .onMessage(ConnectionClosed.class, m -> closed(m, "the TLS handshake"))
                .onMessage(Inbound.class, m -> Behaviors.same())
                .onMessage(StepTimeout.class, m -> Behaviors.same())
                .build();
    }

    /** Stream errors, the server closing, unreadable input: the end of this login (RFC 6120 §4.9). */
    private Behavior<Command> onStreamLevel(LoginContext login, StreamEvent event, String during) {
        return switch (event) {
            case StreamEvent.ElementReceived(Element e) when e.is("error", StreamFeature.STREAM_NAMESPACE) -> {
                String condition = e.childIn(STREAM_ERRORS).filter(c -> !c.name().equals("text"))
                        .map(Element::name).orElse("undefined-condition");
                Optional<String> redirect = condition.equals("see-other-host") && login.tls().isPresent()
                        ? e.childText("see-other-host", STREAM_ERRORS).filter(h -> !h.isBlank())
                        : Optional.empty();
                yield fail(LoginFailure.streamError(condition, e.childText("text", STREAM_ERRORS).orElse(""),
                        redirect));
            }
            case StreamEvent.ElementReceived(Element e) -> fail(LoginFailure.protocol("unexpected <" + e.name()
                    + "/> while waiting for " + during));
            case StreamEvent.StreamOpened opened -> fail(LoginFailure.protocol("a second stream header during "
                    + during));
            case StreamEvent.StreamClosed closed -> fail(LoginFailure.network("the server closed the stream during "
                    + during));
            case StreamEvent.StreamFailed failed -> fail(LoginFailure.protocol("unreadable XML from the server ("
                    + failed.condition().elementName() + ": " + failed.detail() + ")"));
        };
    }

    private Behavior<Command> closed(ConnectionClosed closed, String during) {
        return fail(closed.cause()
                .map(c -> LoginFailure.from(ConnectFailure.classify(c, connection.endpoint())))
                .orElse(LoginFailure.network("the server closed the connection during " + during)));
    }

    private Behavior<Command> timedOut(StepTimeout timeout, LoginFailure failure) {
        return timeout.generation() == generation ? fail(failure) : Behaviors.same();
    }

    private Behavior<Command> fail(LoginFailure failure) {
        timers.cancelAll();
        context.getLog().info("login failed: {}", failure.describe());
        connection.close();
        replyTo.tell(new Failed(failure));
        return Behaviors.stopped();
    }

    private Duration took() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void armTimer(Duration timeout) {
        generation++;
        timers.startSingleTimer("step", new StepTimeout(generation), timeout);
    }
}
