package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.daemon.store.SmState;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * XEP-0198 stream management for one account, in front of its connections: everything read passes through here
 * (stanzas get their inbound sequence number, {@code <r/>} and {@code <a/>} are answered and applied here), and
 * everything written too (stanzas join the unacked queue and are stored before they go on the wire, so a killed
 * daemon never forgets one the server may count). A lost connection keeps the session; the next login resumes it
 * ({@link ResumeStep}), or, if the server refuses, logs in fully and the stanzas the dead session still owed are
 * sent again ({@link Outbox}). Also watches an online stream for silence ({@link Liveness}).
 *
 * <p>Connection-level state: {@code mode} (nothing, enabling, resuming, active). Session-level state: {@link SmSession}
 * and the owed stanzas, both stored ({@link SmState}); see {@link Outbox} for the write-ahead.
 */
public final class StreamManagement extends AbstractBehavior<StreamManagement.Command> {

    public sealed interface Command {
    }

    /** A new connection of the account; the login on it starts. */
    public record Attach(long attempt, Wire wire) implements Command {
    }

    /** What the connection read (sent by its listener on the event loop). */
    public record Read(long attempt, StreamEvent event) implements Command {
    }

    public record Closed(long attempt, Optional<Throwable> cause) implements Command {
    }

    /** A stanza or nonza for the current stream; the login and the online session write everything this way. */
    public record Send(Element element) implements Command {
    }

    /** The stanza numbered {@code seq} has been processed (and stored, where it is stored). */
    public record Handled(long seq) implements Command {
    }

    /**
     * The login on this connection completed (a full one, or a resumption): the session is resumable from now on,
     * owed stanzas go out, and the connection is watched for silence.
     */
    public record Established(long attempt, String boundJid) implements Command {
    }

    /** For {@link ResumeStep}: the {@code <resume/>} to send, if the account has a session worth resuming. */
    public record PrepareResume(ActorRef<Optional<Resumption>> replyTo) implements Command {
    }

    /** The {@code <resume previd h/>} to send, and the full JID the session had. */
    public record Resumption(Element resume, String boundJid) {
    }

    /**
     * The account stops. {@code keepSession}: store everything and drop the connection without closing the stream,
     * so the server keeps the session for the next start; otherwise write what is queued and close politely.
     */
    public record Stop(boolean keepSession, ActorRef<Stopped> replyTo) implements Command {
    }

    public enum Stopped { INSTANCE }

    private record Loaded(Optional<SmState> state) implements Command {
    }

    private record Stored(Store.Result result) implements Command {
    }

    private enum Tick implements Command { INSTANCE }

    private enum AckDue implements Command { INSTANCE }

    private enum PublishDue implements Command { INSTANCE }

    private enum StoreDue implements Command { INSTANCE }

    private enum StopTimedOut implements Command { INSTANCE }

    private enum StreamClosed implements Command { INSTANCE }

    /** What the account hears. */
    public sealed interface Event {
    }

    /** Something read; {@code seq} is the stanza's number for {@link Handled}, 0 when it is not counted. */
    public record Inbound(long attempt, StreamEvent event, long seq) implements Event {
    }

    public record Disconnected(long attempt, Optional<Throwable> cause) implements Event {
    }

    /** The connection went silent ({@link Liveness}) and was dropped; resume on a new one. */
    public record Stalled(long attempt, String reason) implements Event {
    }

    public record Changed(SmStatus status) implements Event {
    }

    enum Mode { NONE, ENABLING, RESUMING, ACTIVE }

    private static final Duration PUBLISH_DELAY = Duration.ofMillis(200);
    /** How often counters that moved without hurry (h, acks) are stored. */
    private static final Duration STORE_EVERY = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final TimerScheduler<Command> timers;
    private final StreamSettings settings;
    private final ActorRef<Event> events;
    private final Clock clock;
    private final Outbox outbox;
    private long attempt = -1;
    private Optional<Wire> wire = Optional.empty();
    private Mode mode = Mode.NONE;
    private Optional<Liveness> liveness = Optional.empty();
    /**
     * After {@code <resumed/>}, what the server resends belongs to the online session, which the account sets up
     * only when the login reports back: held until {@link Established}, so none of it reaches the finished login.
     */
    private Optional<List<Inbound>> held = Optional.empty();
    private long probes;
    private SmStatus published = SmStatus.NONE;

    private StreamManagement(ActorContext<Command> context, TimerScheduler<Command> timers, String account,
                             StreamSettings settings, ActorRef<Store.Command> store, ActorRef<Event> events,
                             Clock clock) {
        super(context);
        this.timers = timers;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.outbox = new Outbox(account, settings, store, clock, context.getLog(),
                context.messageAdapter(Store.Result.class, Stored::new), this::written);
        timers.startTimerWithFixedDelay(StoreDue.INSTANCE, STORE_EVERY);
    }

    /** Loads the stored session first; until then commands wait. */
    public static Behavior<Command> create(String account, StreamSettings settings, ActorRef<Store.Command> store,
                                           ActorRef<Event> events, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(1000, stash -> {
            context.pipeToSelf(Outbox.load(account, store, context.getSystem().scheduler()),
                    (state, error) -> new Loaded(error == null ? state : Optional.empty()));
            return Behaviors.receive(Command.class)
                    .onMessage(Loaded.class, loaded -> {
                        StreamManagement sm = new StreamManagement(context, timers, account, settings, store, events,
                                clock);
                        sm.outbox.restore(loaded.state());
                        sm.publishSoon();
                        return stash.unstashAll(sm);
                    })
                    .onAnyMessage(m -> {
                        stash.stash(m);
                        return Behaviors.same();
                    })
                    .build();
        })));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Attach.class, this::onAttach)
                .onMessage(Read.class, this::onRead)
                .onMessage(Closed.class, this::onClosed)
                .onMessage(Send.class, m -> {
                    send(m.element());
                    return this;
                })
                .onMessage(Handled.class, m -> {
                    outbox.handled(m.seq());
                    publishSoon();
                    return this;
                })
                .onMessage(Established.class, this::onEstablished)
                .onMessage(PrepareResume.class, this::onPrepareResume)
                .onMessage(Stored.class, m -> {
                    outbox.stored(m.result());
                    publishSoon();
                    return this;
                })
                .onMessage(Tick.class, m -> onTick())
                .onMessage(AckDue.class, m -> {
                    if (mode == Mode.ACTIVE && outbox.unrequested() > 0) {
                        requestAck();
                    }
                    return this;
                })
                .onMessage(PublishDue.class, m -> publish())
                .onMessage(StoreDue.class, m -> {
                    outbox.storeIfChanged();
                    return this;
                })
                .onMessage(Stop.class, this::onStop)
                .onMessage(Loaded.class, m -> this)
                .build();
    }

    private Behavior<Command> onAttach(Attach attach) {
        attempt = attach.attempt();
        wire = Optional.of(attach.wire());
        mode = Mode.NONE;
        liveness = Optional.empty();
        timers.cancel(Tick.INSTANCE);
        outbox.attached();
        return this;
    }

    private Behavior<Command> onRead(Read read) {
        if (read.attempt() != attempt) {
            return this;
        }
        liveness.ifPresent(l -> l.heard(clock.instant()));
        if (!(read.event() instanceof StreamEvent.ElementReceived(Element element))) {
            deliver(new Inbound(attempt, read.event(), 0));
            return this;
        }
        if (element.namespace().equals(SmNonza.NAMESPACE)) {
            if (onNonza(element)) {
                events.tell(new Inbound(attempt, read.event(), 0));
            }
            return this;
        }
        if (element.name().equals("iq") && element.attribute("id").filter(id -> id.startsWith(PROBE_PREFIX)).isPresent()) {
            return this;
        }
        long seq = mode == Mode.ACTIVE && Stanza.isStanza(element) ? outbox.received() : 0;
        deliver(new Inbound(attempt, read.event(), seq));
        return this;
    }

    private void deliver(Inbound inbound) {
        if (held.isPresent()) {
            held.get().add(inbound);
        } else {
            events.tell(inbound);
        }
    }

    /** XEP-0198 nonzas; true when the login must see it too (enabled, resumed, failed). */
    private boolean onNonza(Element element) {
        Optional<SmNonza> nonza = SmNonza.parse(element);
        if (nonza.isEmpty()) {
            getContext().getLog().debug("ignoring a malformed stream management element <{}/>", element.name());
            return false;
        }
        switch (nonza.get()) {
            case SmNonza.Request r -> {
                if (mode == Mode.ACTIVE) {
                    outbox.answerWhenStored(wire.orElseThrow());
                }
                return false;
            }
            case SmNonza.Ack ack -> {
                if (mode == Mode.ACTIVE) {
                    acked(ack.h());
                }
                return false;
            }
            case SmNonza.Enabled enabled -> {
                if (mode == Mode.ENABLING && wire.isPresent()) {
                    outbox.enabled(enabled, wire.get());
                    mode = Mode.ACTIVE;
                    publishSoon();
                }
                return true;
            }
            case SmNonza.Resumed resumed -> {
                if (mode != Mode.RESUMING || wire.isEmpty()) {
                    return true;
                }
                if (outbox.resumed(resumed.h(), wire.get()) instanceof UnackedQueue.TooHigh tooHigh) {
                    tooHigh(tooHigh);
                    return false;
                }
                mode = Mode.ACTIVE;
                held = Optional.of(new ArrayList<>());
                getContext().getLog().info("stream management session resumed");
                publishSoon();
                return true;
            }
            case SmNonza.Failed failed -> {
                if (mode == Mode.RESUMING) {
                    getContext().getLog().info("the server cannot resume the session ({}): logging in again",
                            failed.condition().map(c -> c.elementName()).orElse("no reason given"));
                    outbox.sessionLost(failed.h());
                } else if (mode == Mode.ENABLING) {
                    getContext().getLog().info("the server refused stream management");
                }
                mode = Mode.NONE;
                publishSoon();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void acked(long h) {
        if (outbox.acked(h) instanceof UnackedQueue.TooHigh tooHigh) {
            tooHigh(tooHigh);
        }
        publishSoon();
    }

    /** XEP-0198 §4: an h beyond what we sent is a protocol error; the stanzas stay owed for the next login. */
    private void tooHigh(UnackedQueue.TooHigh tooHigh) {
        getContext().getLog().warn("the server acknowledged {} stanzas, we sent {}: closing the stream (XEP-0198 §4)",
                tooHigh.h(), tooHigh.sendCount());
        wire.ifPresent(w -> {
            w.send(SmErrors.handledCountTooHigh(tooHigh.h(), tooHigh.sendCount()));
            w.close();
        });
        outbox.sessionLost(OptionalLong.empty());
        mode = Mode.NONE;
    }

    private Behavior<Command> onClosed(Closed closed) {
        if (closed.attempt() != attempt) {
            return this;
        }
        detach();
        events.tell(new Disconnected(closed.attempt(), closed.cause()));
        return this;
    }

    /** What was held after {@code <resumed/>} is dropped unhandled: the server sends it again on the next resume. */
    private void detach() {
        held = Optional.empty();
        wire = Optional.empty();
        mode = Mode.NONE;
        liveness = Optional.empty();
        timers.cancel(Tick.INSTANCE);
        timers.cancel(AckDue.INSTANCE);
        outbox.detached();
        publishSoon();
    }

    private void send(Element element) {
        if (!Stanza.isStanza(element)) {
            if (element.is("enable", SmNonza.NAMESPACE)) {
                mode = Mode.ENABLING;
            } else if (element.is("resume", SmNonza.NAMESPACE)) {
                mode = Mode.RESUMING;
            }
            wire.ifPresent(w -> w.send(element));
            return;
        }
        if (!outbox.queue(element)) {
            if (wire.isPresent()) {
                wire.get().send(element);
            } else {
                getContext().getLog().warn("not connected: dropping a <{}/> stanza", element.name());
            }
        }
    }

    /** After stanzas went on the wire: ask for an ack after a batch, or after a short quiet period. */
    private void written() {
        if (outbox.unrequested() >= settings.ackEvery()) {
            requestAck();
        } else if (outbox.unrequested() > 0 && !timers.isTimerActive(AckDue.INSTANCE)) {
            timers.startSingleTimer(AckDue.INSTANCE, settings.ackDelay());
        }
        publishSoon();
    }

    private void requestAck() {
        wire.ifPresent(w -> {
            w.send(SmNonza.Request.INSTANCE.toElement());
            outbox.requested();
        });
    }

    private Behavior<Command> onEstablished(Established established) {
        if (established.attempt() != attempt) {
            return this;
        }
        held.ifPresent(inbounds -> inbounds.forEach(events::tell));
        held = Optional.empty();
        outbox.established(established.boundJid(), mode == Mode.ACTIVE);
        outbox.resendOwed(this::send);
        startLiveness();
        publishSoon();
        return this;
    }

    private void startLiveness() {
        liveness = Optional.of(new Liveness(settings.probeAfter(), settings.probeTimeout(), clock.instant()));
        Duration every = settings.probeAfter().dividedBy(4);
        timers.startTimerWithFixedDelay(Tick.INSTANCE, every.compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : every);
    }

    private Behavior<Command> onTick() {
        if (liveness.isEmpty() || wire.isEmpty()) {
            return this;
        }
        Liveness l = liveness.get();
        switch (l.check(clock.instant())) {
            case PROBE -> {
                l.probed(clock.instant());
                if (mode == Mode.ACTIVE) {
                    requestAck();
                } else {
                    wire.get().send(SmErrors.ping(PROBE_PREFIX + ++probes));
                }
            }
            case DEAD -> {
                String reason = "no answer from the server for " + l.silence(clock.instant()).toSeconds()
                        + " s: the connection is dead";
                getContext().getLog().info(reason);
                wire.get().abort();
                long lost = attempt;
                detach();
                events.tell(new Stalled(lost, reason));
            }
            case FINE -> {
            }
        }
        return this;
    }

    private Behavior<Command> onPrepareResume(PrepareResume prepare) {
        outbox.resumeElement(prepare.replyTo());
        return this;
    }

    /** Waits for the store (and, closing politely, for the stream close) before confirming. */
    private Behavior<Command> onStop(Stop stop) {
        boolean keep = stop.keepSession() && settings.resumeAfterRestart();
        boolean[] stored = {false};
        getContext().pipeToSelf(outbox.stop(keep, wire, mode == Mode.ACTIVE, () -> stored[0] = true),
                (done, error) -> StreamClosed.INSTANCE);
        timers.startSingleTimer(StopTimedOut.INSTANCE, STOP_TIMEOUT);
        boolean[] closed = {false};
        return Behaviors.receive(Command.class)
                .onMessage(Stored.class, m -> {
                    outbox.stored(m.result());
                    return stopped(stored[0] && closed[0], stop);
                })
                .onMessage(StreamClosed.class, m -> {
                    closed[0] = true;
                    return stopped(stored[0], stop);
                })
                .onMessage(StopTimedOut.class, m -> {
                    getContext().getLog().warn("stopping stream management took too long: {}",
                            stored[0] ? "the server did not close the stream" : "the store did not confirm");
                    wire.ifPresent(Wire::abort);
                    return stopped(true, stop);
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private static Behavior<Command> stopped(boolean done, Stop stop) {
        if (!done) {
            return Behaviors.same();
        }
        stop.replyTo().tell(Stopped.INSTANCE);
        return Behaviors.stopped();
    }

    private void publishSoon() {
        if (!timers.isTimerActive(PublishDue.INSTANCE)) {
            timers.startSingleTimer(PublishDue.INSTANCE, PUBLISH_DELAY);
        }
    }

    private Behavior<Command> publish() {
        SmStatus now = outbox.status();
        if (!now.equals(published)) {
            published = now;
            events.tell(new Changed(now));
        }
        return this;
    }

    static final String PROBE_PREFIX = "xmppd-probe-";
}
