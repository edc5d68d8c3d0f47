package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.store.SmState;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.ext.sm.SmCounter;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.xml.Element;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * The session state of {@link StreamManagement} and how it reaches the store. Write-ahead: once a session's login
 * completed, a stanza is stored before it goes on the wire, and our {@code h} is stored before the server hears
 * it ({@code <a/>}, {@code <resume/>}), so whatever the server may count after a {@code kill -9} is in the store
 * and a restart resumes with numbers the server accepts. One store write at a time: what piles up meanwhile goes
 * with the next (group commit). A session that cannot go on leaves the stanzas it still owed, sent again after the
 * next login (messages and directed presence; iq answers belong to a stream that is gone).
 */
final class Outbox {

    private static final String CLIENT = "jabber:client";

    private final String account;
    private final ActorRef<Store.Command> store;
    private final Clock clock;
    private final Logger log;
    private final ActorRef<Store.Result> storeReplies;
    private final Runnable afterWrite;
    /** Counters moved that are stored without hurry: the owner calls {@link #storeIfChanged()} a little later. */
    private final Runnable changed;
    private Optional<SmSession> session = Optional.empty();
    /** Stanzas a dead session still owed, in order; stored as its rows until the next session stores its own. */
    private List<Element> owed = new ArrayList<>();
    /**
     * From the loss of a session to the end of the login that replaces it. Meanwhile the user's messages join
     * {@link #owed} instead of the wire: written right after {@code <failed/>} they reached the server before bind,
     * which bounced them.
     */
    private boolean replacing;
    private long inboundBefore;
    private long outboundBefore;
    /** Whether the store holds a row for the account (so a stop without a session must delete it). */
    private boolean stored;
    private Optional<Wire> active = Optional.empty();
    private long written;
    private long requestedThrough;
    private boolean writing;
    private boolean dirty;
    private boolean again;
    private long storedThrough;
    private long storedHandled;
    private long writingThrough;
    private long writingHandled;
    private boolean ackOwed;
    private final List<Runnable> afterStore = new ArrayList<>();

    Outbox(String account, ActorRef<Store.Command> store, Clock clock, Logger log,
           ActorRef<Store.Result> storeReplies, Runnable afterWrite, Runnable changed) {
        this.account = account;
        this.store = store;
        this.clock = clock;
        this.log = log;
        this.storeReplies = storeReplies;
        this.afterWrite = afterWrite;
        this.changed = changed;
    }

    /** What an earlier run stored: a session to resume, or stanzas owed by a dead one. */
    void restore(Optional<SmState> state) {
        if (state.isEmpty()) {
            return;
        }
        SmState s = state.get();
        stored = true;
        List<Element> unacked;
        try {
            unacked = StanzaXml.read(s.unacked().stream().map(SmState.Stanza::xml).toList());
        } catch (IllegalArgumentException e) {
            log.warn("the stored stream management state of {} is unreadable ({}): starting afresh", account,
                    e.getMessage());
            unacked = List.of();
        }
        inboundBefore = s.inboundHandled();
        outboundBefore = Math.max(s.outboundSent(), s.unacked().isEmpty() ? 0 : s.unacked().getLast().position());
        if (s.resumable() && s.boundJid().isPresent() && s.resumptionId().isPresent()) {
            SmSession restored = SmSession.restored(s, unacked);
            session = Optional.of(restored);
            storedThrough = restored.outbound().sentCount();
            storedHandled = s.inboundHandled();
        } else {
            owed = new ArrayList<>(unacked);
        }
    }

    // ---- inbound

    long received() {
        return session.orElseThrow().inbound().received();
    }

    void handled(long seq) {
        if (session.isPresent() && session.get().inbound().handled(seq)) {
            changed();
        }
    }

    /** {@code <r/>}: answered with the stored h; a newer h is stored first and answered then. */
    void answerWhenStored(Wire wire) {
        SmSession s = session.orElseThrow();
        if (!established() || s.inbound().handledCount() == storedHandled) {
            wire.send(new SmNonza.Ack(s.inbound().h()).toElement());
            return;
        }
        ackOwed = true;
        storeNow();
    }

    // ---- outbound

    /** Queues a stanza on the session, written when stored (or at once before the login completed). */
    boolean queue(Element stanza) {
        if (session.isEmpty()) {
            return false;
        }
        session.get().outbound().add(stanza);
        if (established()) {
            storeNow();
        } else {
            writeReady();
        }
        return true;
    }

    UnackedQueue.AckResult acked(long h) {
        UnackedQueue.AckResult result = session.orElseThrow().outbound().ack(h);
        if (result instanceof UnackedQueue.Acked a && a.count() > 0) {
            changed();
        }
        return result;
    }

    long unrequested() {
        return written - requestedThrough;
    }

    void requested() {
        requestedThrough = written;
    }

    // ---- the session's life

    void attached() {
        active = Optional.empty();
    }

    /** {@code <enabled/>}: a new session, numbered after everything before it; stored once the login completes. */
    void enabled(SmNonza.Enabled enabled, Wire wire) {
        session.ifPresent(old -> sessionLost(OptionalLong.empty()));
        session = Optional.of(SmSession.enabled(enabled, inboundBefore, outboundBefore, clock.instant()));
        activate(wire);
    }

    /** {@code <resumed h/>}: the queue is trimmed by h; what is left goes out again once stored. */
    UnackedQueue.AckResult resumed(long h, Wire wire) {
        SmSession s = session.orElseThrow();
        UnackedQueue.AckResult result = s.outbound().ack(h);
        if (result instanceof UnackedQueue.Acked) {
            s.resumed();
            s.alive(clock.instant());
            activate(wire);
            changed();
        }
        return result;
    }

    private void activate(Wire wire) {
        active = Optional.of(wire);
        written = session.orElseThrow().outbound().ackedCount();
        requestedThrough = written;
        writeReady();
    }

    /** The connection is gone; a session that could not be resumed ends here. */
    void detached() {
        active = Optional.empty();
        session.filter(s -> !s.resumable()).ifPresent(s -> sessionLost(OptionalLong.empty()));
    }

    /**
     * The session cannot go on: what it owed is kept (after dropping what {@code h}, from {@code <failed h/>},
     * says the server got) for the next login, and stored as such.
     */
    void sessionLost(OptionalLong h) {
        if (session.isEmpty()) {
            return;
        }
        SmSession dead = session.get();
        replacing = true;
        if (h.isPresent() && dead.outbound().ack(h.getAsLong()) instanceof UnackedQueue.TooHigh) {
            log.debug("ignoring the h of <failed/>: more than we sent");
        }
        boolean wasStored = established();
        dead.kill();
        inboundBefore = dead.inbound().receivedCount();
        outboundBefore = dead.outbound().sentCount();
        dead.outbound().entries().forEach(e -> owed.add(e.stanza()));
        if (wasStored) {
            write(dead.toState(dead.inbound().handledCount(), List.of()));
        }
        session = Optional.empty();
        active = Optional.empty();
    }

    /** The full login completed: the session becomes resumable and is stored (replacing a dead one). */
    void established(String boundJid, boolean smActive) {
        session.filter(s -> smActive).ifPresent(s -> s.established(boundJid));
    }

    /** After a full login: the owed messages and presences, in order, through {@code send}. */
    void resendOwed(Consumer<Element> send) {
        List<Element> resend = owed.stream().filter(Outbox::worthResending).toList();
        owed = new ArrayList<>();
        replacing = false;
        if (!resend.isEmpty()) {
            log.info("resending {} stanzas the lost session had not had acknowledged", resend.size());
        }
        resend.forEach(send);
        if (established()) {
            storedThrough = session.get().outbound().ackedCount();
            storeNow();
        } else if (stored && !writing) {
            send(new Store.DeleteSm(account, storeReplies));
            stored = false;
        }
    }

    /** A stanza that never reached the wire goes out after the next login (if it is worth resending). */
    boolean owe(Element stanza) {
        return worthResending(stanza) && owed.add(stanza);
    }

    boolean replacing() {
        return replacing;
    }

    /**
     * Messages, and presence addressed to someone (subscriptions, directed presence). Not our broadcast presence
     * (the new login announced the current one) nor iq (answers and requests of a stream that is gone).
     */
    private static boolean worthResending(Element stanza) {
        return stanza.is("message", CLIENT) || stanza.is("presence", CLIENT) && stanza.attribute("to").isPresent();
    }

    /** The {@code <resume/>} for {@link ResumeStep}, after storing our h; empty when there is nothing to resume. */
    void resumeElement(ActorRef<Optional<StreamManagement.Resumption>> replyTo) {
        if (session.isEmpty()) {
            replyTo.tell(Optional.empty());
            return;
        }
        SmSession s = session.get();
        // Tried even when the server's timeout (<enabled max/>) may have passed: a refusal costs one round trip on
        // this stream, while our idea of when the session was last alive is only a guess.
        if (!s.resumable()) {
            sessionLost(OptionalLong.empty());
            replyTo.tell(Optional.empty());
            return;
        }
        afterStore.add(() -> replyTo.tell(Optional.of(new StreamManagement.Resumption(
                s.resumeWith(storedHandled).toElement(), s.boundJid().orElseThrow()))));
        storeNow();
    }

    /**
     * The account stops. {@code keep}: store everything, then drop the connection so the server keeps the session.
     * Otherwise the queue is written and the stream closed, and the stored state goes (a polite close leaves the
     * server nothing unhandled); offline, what is owed stays stored for the next login.
     */
    CompletionStage<Void> stop(boolean keep, Optional<Wire> wire, boolean smActive, Runnable done) {
        if (keep && established()) {
            afterStore.add(() -> {
                wire.ifPresent(Wire::abort);
                done.run();
            });
            storeNow();
            return CompletableFuture.completedFuture(null);
        }
        afterStore.add(done);
        if (wire.isPresent() && smActive && session.isPresent()) {
            session.get().outbound().from(written + 1).forEach(e -> wire.get().send(e.stanza()));
            CompletionStage<Void> closed = wire.get().close();
            session = Optional.empty();
            owed.clear();
            if (stored) {
                send(new Store.DeleteSm(account, storeReplies));
                stored = false;
            } else {
                runAfterStore();
            }
            return closed;
        }
        CompletionStage<Void> closed = wire.map(Wire::close).orElse(CompletableFuture.completedFuture(null));
        if (established()) {
            sessionLost(OptionalLong.empty());
        } else {
            runAfterStore();
        }
        return closed;
    }

    // ---- the store

    private boolean established() {
        return session.filter(SmSession::resumable).isPresent();
    }

    /** Stores what changed now, or right after the write in flight; waiting callbacks run once it is stored. */
    void storeNow() {
        if (writing) {
            again = true;
            return;
        }
        dirty = false;
        if (!established()) {
            runAfterStore();
            return;
        }
        SmSession s = session.get();
        if (active.isPresent()) {
            s.alive(clock.instant());
        }
        List<SmState.Stanza> fresh = s.outbound().from(storedThrough + 1).stream()
                .map(e -> new SmState.Stanza(e.position(), StanzaXml.write(e.stanza()))).toList();
        writingThrough = s.outbound().sentCount();
        writingHandled = s.inbound().handledCount();
        write(s.toState(writingHandled, fresh));
    }

    private void changed() {
        dirty = true;
        changed.run();
    }

    /**
     * Stores counters that moved without hurry (h, acks), a moment after they moved, so a restart loses little.
     * Returns false when they must wait for the write in flight: ask again later.
     */
    boolean storeIfChanged() {
        if (dirty && !writing) {
            storeNow();
        }
        return !dirty;
    }

    private void write(SmState state) {
        stored = true;
        send(new Store.SaveSm(account, state, storeReplies));
    }

    private void send(Store.Command command) {
        writing = true;
        store.tell(command);
    }

    void stored(Store.Result result) {
        if (result instanceof Store.Failed failed) {
            log.warn("could not store the stream management state of {}: {}", account, failed.message());
        }
        writing = false;
        storedThrough = Math.max(storedThrough, writingThrough);
        storedHandled = Math.max(storedHandled, writingHandled);
        writeReady();
        if (ackOwed && session.isPresent()) {
            ackOwed = false;
            long h = SmCounter.add(0, storedHandled - session.get().inbound().base());
            active.ifPresent(w -> w.send(new SmNonza.Ack(h).toElement()));
        }
        if (again) {
            again = false;
            storeNow();
        } else {
            runAfterStore();
        }
    }

    private void runAfterStore() {
        List<Runnable> waiting = List.copyOf(afterStore);
        afterStore.clear();
        waiting.forEach(Runnable::run);
    }

    /** Writes the queued stanzas that may go: stored ones, or all before the login completed. */
    void writeReady() {
        if (active.isEmpty() || session.isEmpty()) {
            return;
        }
        long limit = established() ? storedThrough : Long.MAX_VALUE;
        boolean any = false;
        for (UnackedQueue.Entry entry : session.get().outbound().from(written + 1)) {
            if (entry.position() > limit) {
                break;
            }
            active.get().send(entry.stanza());
            written = entry.position();
            any = true;
        }
        if (any) {
            afterWrite.run();
        }
    }

    SmStatus status() {
        return session.map(SmSession::status).orElse(SmStatus.NONE);
    }
}
