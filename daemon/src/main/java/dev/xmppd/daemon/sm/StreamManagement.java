package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.daemon.login.SessionToResume;
import dev.xmppd.daemon.store.SmState;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.sasl2.Sasl2;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * XEP-0198 stream management for one account, in front of its connections: everything read passes through here
 * (stanzas get their inbound sequence number, {@code <r/>} and {@code <a/>} are answered and applied here), and
 * everything written too (stanzas join the unacked queue and are stored before they go on the wire, so a killed
 * daemon never forgets one the server may count). A lost connection keeps the session; the next login resumes it
 * ({@link ResumeStep}, or inside SASL2's {@code <authenticate/>}, whose {@code <success/>} then carries the answers
 * and goes through {@link SmLink#onSasl2Success} first), or, if the server refuses, logs in fully and the stanzas the
 * dead session still owed are sent again ({@link Outbox}). Also watches an online stream for silence
 * ({@link Liveness}).
 *
 * <p>Connection-level state: {@link SmLink} (the wire; nothing, enabling, resuming, active). Session-level state:
 * {@link SmSession} and the owed stanzas, both stored ({@link SmState}); see {@link Outbox} for the write-ahead.
 * The seam to the archive: every stanza the account gets carries its number ({@link Inbound#seq()}), and comes back
 * as {@link Handled} once processed and, for messages, committed; h moves over handled numbers without a gap.
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
    public record Resumption(Element resume, String boundJid) implements SessionToResume {
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

    record Stored(Store.Result result) implements Command {
    }

    private enum Tick implements Command { INSTANCE }

    private enum AckDue implements Command { INSTANCE }

    private enum PublishDue implements Command { INSTANCE }

    private enum StoreDue implements Command { INSTANCE }

    enum StopTimedOut implements Command { INSTANCE }

    enum StreamClosed implements Command { INSTANCE }

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

    private static final Duration PUBLISH_DELAY = Duration.ofMillis(200);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(10);
    /** How often counters that moved without hurry (h, acks) are stored. */
    private static final Duration STORE_EVERY = Duration.ofSeconds(1);

    private final TimerScheduler<Command> timers;
    private final StreamSettings settings;
    private final ActorRef<Event> events;
    private final Clock clock;
    private final Outbox outbox;
    private final SmLink link;
    private Optional<Liveness> liveness = Optional.empty();
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
        this.outbox = new Outbox(account, store, clock, context.getLog(),
                context.messageAdapter(Store.Result.class, Stored::new), this::written, this::storeSoon);
        this.link = new SmLink(outbox, context.getLog());
    }

    /** Loads the stored session first; until then commands wait. */
    public static Behavior<Command> create(String account, StreamSettings settings, ActorRef<Store.Command> store,
                                           ActorRef<Event> events, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(1000, stash -> {
            context.pipeToSelf(AskPattern.<Store.Command, Store.SmLoaded>ask(store, r -> new Store.LoadSm(account, r),
                    LOAD_TIMEOUT, context.getSystem().scheduler()),
                    (loaded, error) -> new Loaded(error == null ? loaded.state() : Optional.empty()));
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
                    link.send(m.element());
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
                    if (link.active() && outbox.unrequested() > 0) {
                        link.requestAck();
                    }
                    return this;
                })
                .onMessage(PublishDue.class, m -> publish())
                .onMessage(StoreDue.class, m -> {
                    if (!outbox.storeIfChanged()) {
                        storeSoon();
                    }
                    return this;
                })
                .onMessage(Stop.class, this::onStop)
                .onMessage(Loaded.class, m -> this)
                .build();
    }

    private Behavior<Command> onAttach(Attach attach) {
        link.attach(attach.attempt(), attach.wire());
        liveness = Optional.empty();
        timers.cancel(Tick.INSTANCE);
        return this;
    }

    private Behavior<Command> onRead(Read read) {
        long attempt = link.attempt();
        if (read.attempt() != attempt) {
            return this;
        }
        liveness.ifPresent(l -> l.heard(clock.instant()));
        if (!(read.event() instanceof StreamEvent.ElementReceived(Element element))) {
            link.deliver(new Inbound(attempt, read.event(), 0), events::tell);
        } else if (element.namespace().equals(SmNonza.NAMESPACE)) {
            if (link.onNonza(element)) {
                events.tell(new Inbound(attempt, read.event(), 0));
            }
            publishSoon();
        } else if (element.is("success", Sasl2.NAMESPACE)) {
            // Stream management inside SASL2: applied before the login sees the success, and never held.
            if (link.onSasl2Success(element)) {
                events.tell(new Inbound(attempt, read.event(), 0));
            }
            publishSoon();
        } else if (!element.name().equals("iq")
                || element.attribute("id").filter(id -> id.startsWith(PROBE_PREFIX)).isEmpty()) {
            long seq = link.active() && Stanza.isStanza(element) ? outbox.received() : 0;
            link.deliver(new Inbound(attempt, read.event(), seq), events::tell);
        }
        return this;
    }

    private Behavior<Command> onClosed(Closed closed) {
        if (closed.attempt() != link.attempt()) {
            return this;
        }
        detach();
        events.tell(new Disconnected(closed.attempt(), closed.cause()));
        return this;
    }

    private void detach() {
        link.detach();
        liveness = Optional.empty();
        timers.cancel(Tick.INSTANCE);
        timers.cancel(AckDue.INSTANCE);
        publishSoon();
    }

    /** After stanzas went on the wire: ask for an ack after a batch, or after a short quiet period. */
    /**
     * Counters moved (h, acks): stored within {@link #STORE_EVERY}. A timer only while something waits, not a tick per
     * account: a thousand idle accounts would otherwise wake the daemon a thousand times a second.
     */
    private void storeSoon() {
        if (!timers.isTimerActive(StoreDue.INSTANCE)) {
            timers.startSingleTimer(StoreDue.INSTANCE, STORE_EVERY);
        }
    }

    private void written() {
        if (outbox.unrequested() >= settings.ackEvery()) {
            link.requestAck();
        } else if (outbox.unrequested() > 0 && !timers.isTimerActive(AckDue.INSTANCE)) {
            timers.startSingleTimer(AckDue.INSTANCE, settings.ackDelay());
        }
        publishSoon();
    }

    private Behavior<Command> onEstablished(Established established) {
        if (established.attempt() != link.attempt()) {
            return this;
        }
        link.release(events::tell);
        outbox.established(established.boundJid(), link.active());
        outbox.resendOwed(link::send);
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
        if (liveness.isEmpty() || link.wire().isEmpty()) {
            return this;
        }
        Wire wire = link.wire().get();
        Liveness l = liveness.get();
        switch (l.check(clock.instant())) {
            case PROBE -> {
                l.probed(clock.instant());
                if (link.active()) {
                    link.requestAck();
                } else {
                    wire.send(SmErrors.ping(PROBE_PREFIX + ++probes));
                }
            }
            case DEAD -> {
                String reason = "no answer from the server for " + l.silence(clock.instant()).toSeconds()
                        + " s: the connection is dead";
                getContext().getLog().info(reason);
                wire.abort();
                long lost = link.attempt();
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

    private Behavior<Command> onStop(Stop stop) {
        boolean keep = stop.keepSession() && settings.resumeAfterRestart();
        return SmStop.stopping(getContext(), timers, outbox, link, keep, stop.replyTo());
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
