package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.daemon.retry.Backoff;
import dev.xmppd.daemon.store.ArchiveStore;
import dev.xmppd.daemon.store.ArchivedMessage;
import dev.xmppd.daemon.store.LedgerChange;
import dev.xmppd.protocol.ext.mam.MamFin;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.stanza.StanzaError;
import dev.xmppd.protocol.stanza.StanzaIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One account's archiving (a child of its Account, living across sessions). Live messages and carbons are stored as
 * they come, several per transaction under load; the MAM catch-up pages each range of the sync ledger (see
 * {@link CatchUp}), one page per transaction; MUC rooms are joined and their archives caught up the same way. Every
 * inbound message is reported {@link Handled} only once the transaction holding it committed (or once it was found
 * not worth storing), so the XEP-0198 ack never runs ahead of the disk.
 */
public final class ArchiveSync {

    public sealed interface Command {
    }

    /** The account is online: {@code self} is the bound JID; {@code mam} whether its server keeps an archive. */
    public record Online(Jid self, boolean mam) implements Command {
    }

    public record Offline(String reason) implements Command {
    }

    /** An inbound message with its XEP-0198 sequence number. */
    public record Inbound(Message message, long seq) implements Command {
    }

    /** Presence, for the rooms we join. */
    public record PresenceReceived(Presence presence) implements Command {
    }

    /** An iq response the session did not ask for itself (MAM pages, bookmarks). */
    public record IqReceived(Iq iq) implements Command {
    }

    /** A message we sent ({@code xmppctl send}), stored as outgoing until the archive's copy gives its stanza-id. */
    public record Sent(Message message) implements Command {
    }

    /** Starts a catch-up round (or joins the running one); the reply comes when the account is caught up. */
    public record Sync(ActorRef<SyncReply> replyTo) implements Command {
    }

    /** To the account: send this stanza on the stream. */
    public record Outbound(dev.xmppd.protocol.xml.Element stanza) {
    }

    /** To the account: the stanza with this XEP-0198 sequence number is fully processed. */
    public record Handled(long seq) {
    }

    /** Crosses nodes in a cluster ({@code xmppctl sync} given to a node that does not run the account). */
    public sealed interface SyncReply extends dev.xmppd.daemon.cluster.ClusterMessage {
        String account();
    }

    /** The round is done: {@code elapsed} from its first archive query to the last page's commit. */
    public record CaughtUp(String account, long fetched, long stored, int pages, Duration elapsed)
            implements SyncReply {
    }

    public record NotSynced(String account, String reason) implements SyncReply {
    }

    private record Prepared(long generation, Jid archive, ArchiveStore.PrepareResult result) implements Command {
    }

    private record LiveStored(List<LiveBuffer.Live> batch, ArchiveStore.BatchResult result) implements Command {
    }

    /** A page's batch committed; without a step, the restart of its range (item-not-found) did. */
    private record PageStored(long generation, Page page, Optional<CatchUp.Step> step, ArchiveStore.BatchResult result)
            implements Command {
    }

    private record PageTimedOut(String iqId) implements Command {
    }

    /** Time to try again the live messages a failed store left (a full disk, a lost database connection). */
    private enum RetryLive implements Command { INSTANCE }

    private static final String LIVE_RETRY = "live-retry";

    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(60);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Jid account;
    private final ActorRef<ArchiveStore.Command> store;
    private final ArchiveSettings settings;
    private final ArchiveEvents events;
    private final ActorRef<Outbound> outbound;
    private final ActorRef<Handled> handled;
    private final Clock clock;
    private final RangeQueue queue;
    private final LiveBuffer live = new LiveBuffer();
    private final List<ActorRef<SyncReply>> waiters = new ArrayList<>();
    private final Rooms rooms = new Rooms();
    private Optional<Jid> self = Optional.empty();
    private long generation;
    private int preparing;
    /** Live messages a failed store left are tried again after this (from 1 s, doubling up to 30 s, with jitter). */
    private Backoff liveRetry = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0);

    private ArchiveSync(ActorContext<Command> context, TimerScheduler<Command> timers, Jid account,
                        ActorRef<ArchiveStore.Command> store, ArchiveSettings settings, ArchiveEvents events,
                        ActorRef<Outbound> outbound, ActorRef<Handled> handled, Clock clock) {
        this.context = context;
        this.timers = timers;
        this.account = account;
        this.store = store;
        this.settings = settings;
        this.events = events;
        this.outbound = outbound;
        this.handled = handled;
        this.clock = clock;
        this.queue = new RangeQueue(account);
    }

    public static Behavior<Command> create(Jid account, ActorRef<ArchiveStore.Command> store, ArchiveSettings settings,
                                           ArchiveEvents events, ActorRef<Outbound> outbound,
                                           ActorRef<Handled> handled, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ArchiveSync(ctx, timers, account.bare(), store,
                settings, events, outbound, handled, clock).running()));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(Online.class, this::onOnline)
                .onMessage(Offline.class, this::onOffline)
                .onMessage(Inbound.class, this::onInbound)
                .onMessage(PresenceReceived.class, this::onPresence)
                .onMessage(IqReceived.class, this::onIq)
                .onMessage(Sent.class, this::onSent)
                .onMessage(Sync.class, this::onSync)
                .onMessage(Prepared.class, this::onPrepared)
                .onMessage(LiveStored.class, this::onLiveStored)
                .onMessage(PageStored.class, this::onPageStored)
                .onMessage(PageTimedOut.class, this::onPageTimedOut)
                .onMessage(RetryLive.class, m -> {
                    flushLive();
                    return Behaviors.same();
                })
                .build();
    }

    // ---- sessions

    private Behavior<Command> onOnline(Online online) {
        generation++;
        self = Optional.of(online.self());
        queue.reset(online.mam());
        queue.endRound(clock.instant());
        rooms.reset();
        preparing = 0;
        if (online.mam()) {
            prepare(account);
        }
        flushLive();
        Rooms.configured(settings, account).forEach(this::startJoin);
        preparing++;
        outbound.tell(new Outbound(rooms.requestBookmarks("bm-" + StanzaIds.next())));
        return settle();
    }

    private Behavior<Command> onOffline(Offline offline) {
        generation++;
        self = Optional.empty();
        queue.reset(false);
        rooms.reset();
        preparing = 0;
        timers.cancelAll();
        reply(new NotSynced(account.toString(), "the account went offline: " + offline.reason()));
        return Behaviors.same();
    }

    private Behavior<Command> onSync(Sync sync) {
        waiters.add(sync.replyTo());
        if (self.isPresent() && !busy()) {
            queue.endRound(clock.instant());
            if (queue.mam()) {
                prepare(account);
            }
            rooms.joined().keySet().forEach(this::prepare);
        }
        return settle();
    }

    // ---- live messages

    private Behavior<Command> onInbound(Inbound inbound) {
        if (self.isEmpty()) {
            handled.tell(new Handled(inbound.seq()));
            return Behaviors.same();
        }
        InboundMessage.Context ctx = new InboundMessage.Context(self.get(), queue.openQueries(), rooms.joined());
        switch (InboundMessage.classify(inbound.message(), ctx, arrival())) {
            case InboundMessage.Archive(ArchivedMessage message) -> {
                live.add(message, inbound.seq());
                flushLive();
            }
            case InboundMessage.Result(String queryId, ArchivedMessage message) -> {
                if (!queue.collect(queryId, message, inbound.seq())) {
                    handled.tell(new Handled(inbound.seq()));
                }
            }
            case InboundMessage.Drop(String reason) -> {
                context.getLog().warn("{}: dropped a message: {}", account, reason);
                handled.tell(new Handled(inbound.seq()));
            }
            case InboundMessage.Ignore ignore -> handled.tell(new Handled(inbound.seq()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSent(Sent sent) {
        Jid from = self.orElse(account);
        live.add(InboundMessage.own(sent.message().withFrom(from), account, Optional.empty(), arrival()),
                LiveBuffer.NO_SEQ);
        flushLive();
        return Behaviors.same();
    }

    /** A page just committed: the store works again, so live messages a failed store left need not wait out the pause. */
    private void retryLiveNow() {
        if (timers.isTimerActive(LIVE_RETRY)) {
            timers.cancel(LIVE_RETRY);
            flushLive();
        }
    }

    private void flushLive() {
        if (timers.isTimerActive(LIVE_RETRY)) {
            return; // after a failed store, the next try waits for its time
        }
        live.next().ifPresent(batch -> {
            List<ArchivedMessage> messages = batch.stream().map(LiveBuffer.Live::message).toList();
            context.pipeToSelf(storeBatch(messages, LiveBuffer.lastIds(messages), false), (result, error) ->
                    new LiveStored(batch, result != null ? result : new ArchiveStore.Failed(String.valueOf(error))));
        });
    }

    /**
     * After a failed store the messages stay, unacknowledged, and are tried again with a growing pause; their
     * XEP-0198 numbers are reported handled only once they are committed, so the server keeps them meanwhile.
     */
    private Behavior<Command> onLiveStored(LiveStored stored) {
        if (stored.result() instanceof ArchiveStore.Failed failed) {
            Duration delay = liveRetry.delay();
            context.getLog().error("{}: {} live messages could not be stored ({}); trying again in {} ms", account,
                    stored.batch().size(), failed.message(), delay.toMillis());
            live.retry(stored.batch());
            timers.startSingleTimer(LIVE_RETRY, RetryLive.INSTANCE, delay);
            liveRetry = liveRetry.next();
            return Behaviors.same();
        }
        liveRetry = liveRetry.reset();
        live.stored();
        committed(stored.batch(), stored.result());
        flushLive();
        return Behaviors.same();
    }

    /** After a commit: acks, events. After a failure nothing is acked, so the server keeps the stanzas. */
    private int committed(List<LiveBuffer.Live> batch, ArchiveStore.BatchResult result) {
        if (result instanceof ArchiveStore.Failed failed) {
            context.getLog().error("{}: {} messages could not be stored: {}", account, batch.size(), failed.message());
            return 0;
        }
        ArchiveStore.Stored stored = (ArchiveStore.Stored) result;
        batch.stream().filter(l -> l.seq() != LiveBuffer.NO_SEQ).forEach(l -> handled.tell(new Handled(l.seq())));
        stored.fresh().forEach(m -> events.publish(new ArchiveEvents.MessageStored(account.toString(), m)));
        return stored.fresh().size();
    }

    // ---- catch-up

    private void prepare(Jid archive) {
        preparing++;
        long current = generation;
        context.pipeToSelf(this.<ArchiveStore.PrepareResult>ask(r -> new ArchiveStore.PrepareCatchUp(
                        account.toString(), archive.toString(), settings.firstSync(), r)),
                (result, error) -> new Prepared(current, archive, result != null ? result
                        : new ArchiveStore.Failed(String.valueOf(error))));
    }

    private Behavior<Command> onPrepared(Prepared prepared) {
        if (prepared.generation() != generation) {
            return Behaviors.same();
        }
        preparing--;
        switch (prepared.result()) {
            case ArchiveStore.Prepared p -> {
                Optional<Rooms.Target> joining = rooms.pending(prepared.archive());
                if (joining.isPresent()) {
                    queue.hold(prepared.archive(), p);
                    outbound.tell(new Outbound(Rooms.join(joining.get())));
                } else {
                    queue.add(prepared.archive(), p);
                }
            }
            case ArchiveStore.Failed f -> fail("reading the sync ledger of " + prepared.archive() + " failed: "
                    + f.message());
        }
        return settle();
    }

    private Behavior<Command> onIq(IqReceived received) {
        Iq iq = received.iq();
        Optional<String> id = iq.id();
        if (rooms.answersBookmarks(iq)) {
            preparing--;
            if (self.isPresent() && iq.isFromOwnAccount(self.get())) {
                Rooms.bookmarked(Rooms.bookmarks(iq), account).forEach(this::startJoin);
            }
            return settle();
        }
        Optional<Page> page = queue.answeredBy(iq, self.orElse(account));
        if (page.isEmpty()) {
            context.getLog().debug("{}: ignoring an iq response nobody asked for (id {})", account, id.orElse(""));
            return Behaviors.same();
        }
        timers.cancel(page.get().iqId());
        Optional<MamFin> fin = MamFin.parse(iq);
        if (fin.isPresent()) {
            CatchUp.Step step = CatchUp.afterPage(page.get().range(), fin.get(), page.get().results().size(),
                    queue.lastUnknown(page.get().archive()));
            fin.get().page().count().ifPresent(count -> queue.total(page.get().archive(), count));
            queue.continueWith(page.get(), step.rest());
            storePage(page.get(), Optional.of(step), step.changes());
            return settle();
        }
        String condition = iq.error().map(e -> e.condition().elementName()).orElse("no fin");
        if (condition.equals(StanzaError.Condition.ITEM_NOT_FOUND.elementName()) && queue.mayRestart(page.get())) {
            context.getLog().info("{}: the archive of {} no longer knows {}; continuing from the newest message held",
                    account, page.get().archive(), page.get().range().afterId().orElse("?"));
            page.get().results().forEach(i -> handled.tell(new Handled(i.seq())));
            storePage(page.get().withResults(List.of()), Optional.empty(),
                    List.of(new LedgerChange.Restart(page.get().range().id())));
        } else {
            page.get().results().forEach(i -> handled.tell(new Handled(i.seq())));
            fail("the archive of " + page.get().archive() + " refused the query: " + condition);
        }
        return settle();
    }

    private void storePage(Page page, Optional<CatchUp.Step> step, List<LedgerChange> changes) {
        long current = generation;
        List<ArchivedMessage> messages = page.results().stream().map(Page.Item::message).toList();
        context.pipeToSelf(storeBatch(messages, changes, page.range().backward()), (result, error) ->
                new PageStored(current, page, step, result != null ? result
                        : new ArchiveStore.Failed(String.valueOf(error))));
    }

    private Behavior<Command> onPageStored(PageStored stored) {
        if (stored.generation() != generation) {
            return Behaviors.same();
        }
        Page page = stored.page();
        if (stored.step().isEmpty()) {
            queue.restarted(page, stored.result() instanceof ArchiveStore.Stored);
            if (stored.result() instanceof ArchiveStore.Stored) {
                prepare(page.archive());
            }
            return settle();
        }
        List<LiveBuffer.Live> items = page.results().stream().map(i -> new LiveBuffer.Live(i.message(), i.seq()))
                .toList();
        int fresh = committed(items, stored.result());
        if (stored.result() instanceof ArchiveStore.Failed failed) {
            // The results stay in the server's archive and the ledger did not move: they are fetched again, so they
            // are handled now. Left unhandled, our XEP-0198 h could never pass them on this session.
            page.results().forEach(i -> handled.tell(new Handled(i.seq())));
            fail("storing a page of " + page.archive() + " failed: " + failed.message());
            return settle();
        }
        ArchiveEvents.SyncProgress progress = queue.pageDone(page, fresh);
        events.publish(progress);
        retryLiveNow();
        return settle();
    }

    private Behavior<Command> onPageTimedOut(PageTimedOut timeout) {
        queue.timedOut(timeout.iqId()).ifPresent(page -> fail("the archive of " + page.archive()
                + " did not answer within " + PAGE_TIMEOUT.toSeconds() + " s"));
        return settle();
    }

    // ---- rooms

    private void startJoin(Rooms.Target target) {
        if (self.isPresent() && rooms.startJoin(target)) {
            prepare(target.room());
        }
    }

    private Behavior<Command> onPresence(PresenceReceived received) {
        Optional<Jid> room = received.presence().from().map(Jid::bare);
        switch (rooms.onPresence(received.presence())) {
            case JOINED -> queue.release(room.orElseThrow());
            case FAILED -> {
                context.getLog().warn("{}: could not join {}: {}", account, room.orElseThrow(), received.presence()
                        .error().map(e -> e.condition().elementName()).orElse("error"));
                queue.drop(room.orElseThrow());
            }
            case OTHER -> {
                return Behaviors.same();
            }
        }
        return settle();
    }

    // ---- the next page, or the end of a round

    private boolean busy() {
        return preparing > 0 || queue.busy();
    }

    private Behavior<Command> settle() {
        if (self.isPresent()) {
            queue.next(settings.pageSize(), clock.instant()).ifPresent(page -> {
                outbound.tell(new Outbound(page.request()));
                timers.startSingleTimer(page.iqId(), new PageTimedOut(page.iqId()), PAGE_TIMEOUT);
            });
        }
        // Offline (connecting, negotiating), waiters wait for the round the coming session starts.
        if (self.isPresent() && !busy() && !waiters.isEmpty()) {
            RangeQueue.Round round = queue.endRound(clock.instant());
            reply(round.error().<SyncReply>map(e -> new NotSynced(account.toString(), e))
                    .orElse(new CaughtUp(account.toString(), round.fetched(), round.stored(), round.pages(),
                            round.elapsed())));
        }
        return Behaviors.same();
    }

    private void fail(String reason) {
        context.getLog().warn("{}: catch-up stopped: {}", account, reason);
        queue.fail(reason).forEach(i -> handled.tell(new Handled(i.seq())));
    }

    /** The time of a message without a delay stamp: when it arrived. */
    private java.time.Instant arrival() {
        return clock.instant();
    }

    private void reply(SyncReply reply) {
        waiters.forEach(w -> w.tell(reply));
        waiters.clear();
    }

    /** {@code older}: a page fetched backwards, older than everything stored (see MessageTable.Writer). */
    private CompletionStage<ArchiveStore.BatchResult> storeBatch(List<ArchivedMessage> messages,
                                                                List<LedgerChange> changes, boolean older) {
        return ask(r -> new ArchiveStore.StoreBatch(account.toString(), messages, changes, older, r));
    }

    private <R> CompletionStage<R> ask(Function<ActorRef<R>, ArchiveStore.Command> command) {
        return AskPattern.ask(store, command::apply, STORE_TIMEOUT, context.getSystem().scheduler());
    }
}
