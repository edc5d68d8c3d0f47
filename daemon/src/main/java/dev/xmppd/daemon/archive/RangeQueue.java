package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.store.ArchiveStore;
import dev.xmppd.daemon.store.ArchivedMessage;
import dev.xmppd.daemon.store.SyncRange;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.StanzaIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The catch-up work of one session, confined to the {@link ArchiveSync} actor: ranges waiting (the own archive's
 * first, rooms' once joined), the one page asked for at a time and its collected results, and the numbers of the
 * current round for progress and the sync reply.
 */
final class RangeQueue {

    /**
     * A round's outcome: what was fetched and stored, or why it stopped; {@code elapsed} runs from the round's first
     * query to its end (zero when nothing was asked).
     */
    record Round(long fetched, long stored, int pages, Duration elapsed, Optional<String> error) {
    }

    private record Task(Jid archive, SyncRange range) {
    }

    private final Jid account;
    private final Deque<Task> tasks = new ArrayDeque<>();
    private final Map<Jid, List<Task>> held = new HashMap<>();
    private final Map<Jid, Boolean> lastUnknown = new HashMap<>();
    private final Map<Jid, Integer> totals = new HashMap<>();
    private final Set<Long> restarted = new HashSet<>();
    private final List<Page.Item> collected = new ArrayList<>();
    private Optional<Page> active = Optional.empty();
    private boolean answered;
    /** Pages answered whose batch is still being committed (the next page is asked for meanwhile). */
    private int storing;
    private boolean mam;
    private long fetched;
    private long stored;
    private int pages;
    private Optional<Instant> firstQuery = Optional.empty();
    private Optional<String> error = Optional.empty();

    RangeQueue(Jid account) {
        this.account = account;
    }

    void reset(boolean serverHasMam) {
        mam = serverHasMam;
        tasks.clear();
        held.clear();
        collected.clear();
        restarted.clear();
        active = Optional.empty();
        storing = 0;
    }

    boolean mam() {
        return mam;
    }

    boolean busy() {
        return active.isPresent() || storing > 0 || !tasks.isEmpty() || !held.isEmpty();
    }

    void add(Jid archive, ArchiveStore.Prepared prepared) {
        lastUnknown.put(archive, prepared.lastStanzaId().isEmpty());
        tasks.removeIf(t -> t.archive().equals(archive));
        if (active.map(p -> p.archive().equals(archive)).orElse(false)) {
            return;
        }
        prepared.ranges().forEach(r -> tasks.add(new Task(archive, r)));
    }

    /** Ranges of a room not joined yet; {@link #release} queues them once we are in. */
    void hold(Jid room, ArchiveStore.Prepared prepared) {
        lastUnknown.put(room, prepared.lastStanzaId().isEmpty());
        held.put(room, prepared.ranges().stream().map(r -> new Task(room, r)).toList());
    }

    void release(Jid room) {
        Optional.ofNullable(held.remove(room)).ifPresent(tasks::addAll);
    }

    void drop(Jid room) {
        held.remove(room);
        tasks.removeIf(t -> t.archive().equals(room));
    }

    boolean lastUnknown(Jid archive) {
        return lastUnknown.getOrDefault(archive, false);
    }

    void total(Jid archive, int count) {
        totals.put(archive, count);
    }

    /** The page to ask for now, when none is running. */
    Optional<Page> next(int pageSize, Instant now) {
        if (active.isPresent() || tasks.isEmpty()) {
            return Optional.empty();
        }
        if (firstQuery.isEmpty()) {
            firstQuery = Optional.of(now);
        }
        Task task = tasks.poll();
        boolean own = task.archive().equals(account);
        String queryId = StanzaIds.next();
        String iqId = "mam-" + StanzaIds.next();
        Page page = new Page(task.archive(), own, task.range(), queryId, iqId,
                CatchUp.request(task.range(), task.archive(), own, iqId, queryId, pageSize), List.of());
        active = Optional.of(page);
        answered = false;
        collected.clear();
        return active;
    }

    /** The running query (queryid → archive) while its results may still come. */
    Map<String, Jid> openQueries() {
        return active.filter(p -> !answered).map(p -> Map.of(p.queryId(), p.archive())).orElse(Map.of());
    }

    boolean collect(String queryId, ArchivedMessage message, long seq) {
        if (active.isEmpty() || answered || !active.get().queryId().equals(queryId)) {
            return false;
        }
        collected.add(new Page.Item(message, seq));
        return true;
    }

    /** The page this iq answers, from the archive asked (RFC 6120 §8.1.2.1 / XEP-0313 §4), with its results. */
    Optional<Page> answeredBy(Iq iq, Jid self) {
        if (active.isEmpty() || answered || !iq.id().equals(Optional.of(active.get().iqId()))) {
            return Optional.empty();
        }
        Page page = active.get();
        boolean fromArchive = page.own() ? iq.isFromOwnAccount(self)
                : iq.from().map(f -> f.equals(page.archive())).orElse(false);
        if (!fromArchive) {
            return Optional.empty();
        }
        answered = true;
        Page done = page.withResults(collected);
        collected.clear();
        return Optional.of(done);
    }

    boolean mayRestart(Page page) {
        return page.range().afterId().isPresent() && restarted.add(page.range().id());
    }

    /** After a restart of the page's range was committed (or not): the archive is prepared again. */
    void restarted(Page page, boolean ok) {
        active = Optional.empty();
        tasks.removeIf(t -> t.archive().equals(page.archive()));
        if (!ok) {
            error = Optional.of("could not restart the sync of " + page.archive());
        }
    }

    /**
     * A page is answered and goes to the store: the rest of its range is asked for at once, so the server pages
     * while we commit (commits stay in order: one store actor, one sender).
     */
    void continueWith(Page page, Optional<SyncRange> rest) {
        active = Optional.empty();
        storing++;
        rest.ifPresent(r -> tasks.addFirst(new Task(page.archive(), r)));
    }

    /** A page's batch committed: progress for the watchers. */
    ArchiveEvents.SyncProgress pageDone(Page page, int fresh) {
        storing--;
        fetched += page.results().size();
        stored += fresh;
        pages++;
        Integer total = totals.get(page.archive());
        return new ArchiveEvents.SyncProgress(account.toString(), page.archive().toString(), fetched, stored, pages,
                total == null ? OptionalInt.empty() : OptionalInt.of(total));
    }

    Optional<Page> timedOut(String iqId) {
        return active.filter(p -> p.iqId().equals(iqId) && !answered);
    }

    /**
     * Stops the work on the failing archive (its ranges stay in the ledger for the next round); returns the results
     * collected for the abandoned page, which are handled without being stored.
     */
    List<Page.Item> fail(String reason) {
        error = Optional.of(reason);
        storing = 0;
        active.ifPresent(p -> tasks.removeIf(t -> t.archive().equals(p.archive())));
        active = Optional.empty();
        List<Page.Item> dropped = List.copyOf(collected);
        collected.clear();
        return dropped;
    }

    /** Ends the round: its numbers, which start again from zero. */
    Round endRound(Instant now) {
        Round round = new Round(fetched, stored, pages,
                firstQuery.map(start -> Duration.between(start, now)).orElse(Duration.ZERO), error);
        firstQuery = Optional.empty();
        fetched = 0;
        stored = 0;
        pages = 0;
        error = Optional.empty();
        totals.clear();
        return round;
    }
}
