package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.ArchiveSettings.FirstSync;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The archive side of the database, on its own JDBC connection so that archiving never waits behind account work
 * (and the reverse). Spawn it on {@link Store#DISPATCHER} once {@link Store} has migrated the schema. Every batch is
 * one transaction, and its reply is sent only after the commit: the caller may then acknowledge the stanzas. The
 * full-text word index of the messages stored is written once writes pause ({@link WordIndex}), so that a catch-up
 * is not slowed down by it; search finds every stored message either way.
 */
public final class ArchiveStore {

    public sealed interface Command {
    }

    /**
     * Stores a batch (a MAM page, or live messages) and the ledger changes that go with it, atomically. {@code older}:
     * a page fetched backwards, in time order, older than every message stored so far (its rows sort before them).
     */
    public record StoreBatch(String account, List<ArchivedMessage> messages, List<LedgerChange> changes,
                             boolean older, ActorRef<BatchResult> replyTo) implements Command {
        public StoreBatch {
            messages = List.copyOf(messages);
            changes = List.copyOf(changes);
        }

        public StoreBatch(String account, List<ArchivedMessage> messages, List<LedgerChange> changes,
                          ActorRef<BatchResult> replyTo) {
            this(account, messages, changes, false, replyTo);
        }
    }

    /** Reads the newest stanza-id and the ranges to fetch, adding the range that starts now (see LedgerTable). */
    public record PrepareCatchUp(String account, String archive, FirstSync firstSync, ActorRef<PrepareResult> replyTo)
            implements Command {
    }

    public record History(String account, Optional<String> with, Optional<java.time.Instant> since,
                          Optional<java.time.Instant> until, int limit, ActorRef<QueryResult> replyTo)
            implements Command {
    }

    public record Search(String text, Optional<String> account, Optional<String> with, int limit,
                         ActorRef<QueryResult> replyTo) implements Command {
    }

    /** A page of an account's archive in time order, after {@code after} (the last message of the previous page). */
    public record ExportPage(String account, Optional<StoredMessage> after, int limit, ActorRef<QueryResult> replyTo)
            implements Command {
    }

    public record Summarize(List<String> accounts, ActorRef<SummaryResult> replyTo) implements Command {
        public Summarize {
            accounts = List.copyOf(accounts);
        }
    }

    /** Writes the words of messages stored since the last time, a chunk at a time, once writes have paused. */
    private enum IndexWords implements Command { INSTANCE }

    /** Writes reset the pause: the word index waits until a catch-up (or a burst of live messages) is over. */
    private static final Duration INDEX_AFTER = Duration.ofMillis(300);
    private static final Duration INDEX_RETRY = Duration.ofSeconds(30);
    private static final String INDEX_TIMER = "index-words";

    public sealed interface BatchResult {
    }

    public sealed interface PrepareResult {
    }

    public sealed interface QueryResult {
    }

    public sealed interface SummaryResult {
    }

    /** The batch committed: the messages new to the archive, and how many were already there. */
    public record Stored(List<ArchivedMessage> fresh, int duplicates) implements BatchResult {
        public Stored {
            fresh = List.copyOf(fresh);
        }
    }

    public record Prepared(Optional<String> lastStanzaId, List<SyncRange> ranges) implements PrepareResult {
        public Prepared {
            ranges = List.copyOf(ranges);
        }
    }

    public record Messages(List<StoredMessage> messages) implements QueryResult {
        public Messages {
            messages = List.copyOf(messages);
        }
    }

    /** Per account: messages held, the own archive's newest stanza-id, whether ranges are still to fetch. */
    public record Summaries(Map<String, Summary> accounts) implements SummaryResult {
        public Summaries {
            accounts = Map.copyOf(accounts);
        }
    }

    public record Summary(long messages, Optional<String> lastStanzaId, boolean syncing) {
    }

    /** Nothing was written or read: the database failed ({@code message} says how). */
    public record Failed(String message) implements BatchResult, PrepareResult, QueryResult, SummaryResult {
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Duration indexAfter;
    private final Database database;
    private final Clock clock;
    private final StoreHealth health;
    private final Ownership ownership;
    private Connection connection;

    private ArchiveStore(ActorContext<Command> context, TimerScheduler<Command> timers, Duration indexAfter,
                         Database database, Clock clock, StoreHealth health, Ownership ownership) {
        this.context = context;
        this.timers = timers;
        this.indexAfter = indexAfter;
        this.ownership = ownership;
        this.database = database;
        this.connection = database.open();
        this.clock = clock;
        this.health = health;
    }

    /** On the H2 file {@code databaseFile}. */
    public static Behavior<Command> create(Path databaseFile, Clock clock) {
        return create(Database.h2(databaseFile), clock);
    }

    public static Behavior<Command> create(Database database, Clock clock) {
        return create(database, clock, new StoreHealth(clock));
    }

    /** Reporting each write's outcome, and any storage failure, to {@code health} (for status). */
    public static Behavior<Command> create(Database database, Clock clock, StoreHealth health) {
        return create(database, clock, health, Ownership.single());
    }

    /** In a cluster, writes only the archives of accounts this node holds the current claim of ({@link Ownership}). */
    public static Behavior<Command> create(Database database, Clock clock, StoreHealth health, Ownership ownership) {
        return create(database, clock, health, ownership, INDEX_AFTER);
    }

    /** {@code indexAfter}: how long writes must pause before the word index is written (also after a start). */
    public static Behavior<Command> create(Database database, Clock clock, StoreHealth health, Ownership ownership,
                                           Duration indexAfter) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startSingleTimer(INDEX_TIMER, IndexWords.INSTANCE, indexAfter);
            return new ArchiveStore(context, timers, indexAfter, database, clock, health, ownership).running();
        }));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(StoreBatch.class, this::onStoreBatch)
                .onMessage(IndexWords.class, m -> indexWords())
                .onMessage(PrepareCatchUp.class, m -> reply(m.replyTo(), f -> f, true, c -> {
                    ownership.check(c, m.account());
                    return new Prepared(LedgerTable.last(c, m.account(), m.archive()),
                            LedgerTable.prepare(c, m.account(), m.archive(), m.firstSync(), clock.instant()));
                }))
                .onMessage(History.class, m -> reply(m.replyTo(), f -> f, c -> new Messages(ArchiveQueries.history(c,
                        new ArchiveQueries.History(m.account(), m.with(), m.since(), m.until(), m.limit())))))
                .onMessage(Search.class, m -> reply(m.replyTo(), f -> f, c -> new Messages(ArchiveQueries.search(c,
                        new ArchiveQueries.Search(m.text(), m.account(), m.with(), m.limit())))))
                .onMessage(ExportPage.class, m -> reply(m.replyTo(), f -> f, c -> new Messages(
                        ArchiveQueries.exportPage(c, m.account(), m.after().map(s ->
                                new ArchiveQueries.Cursor(s.message().timestamp(), s.rowId())), m.limit()))))
                .onMessage(Summarize.class, m -> reply(m.replyTo(), f -> f, c -> summaries(c, m.accounts())))
                .onSignal(PostStop.class, signal -> close())
                .build();
    }

    private Behavior<Command> onStoreBatch(StoreBatch m) {
        timers.startSingleTimer(INDEX_TIMER, IndexWords.INSTANCE, indexAfter);
        return reply(m.replyTo(), f -> f, true, c -> {
            ownership.check(c, m.account());
            List<ArchivedMessage> fresh = new ArrayList<>();
            int duplicates = 0;
            try (MessageTable.Writer writer = new MessageTable.Writer(c, m.account())) {
                if (m.older()) {
                    writer.olderThanAll(m.messages().size());
                }
                for (ArchivedMessage message : m.messages()) {
                    if (writer.store(message) == MessageTable.Outcome.NEW) {
                        fresh.add(message);
                    } else {
                        duplicates++;
                    }
                }
            }
            for (LedgerChange change : m.changes()) {
                LedgerTable.apply(c, m.account(), change, clock.instant());
            }
            return new Stored(fresh, duplicates);
        });
    }

    /** A chunk of the word index; the next one at once unless a write comes first (which postpones it again). */
    private Behavior<Command> indexWords() {
        try {
            connection = DatabaseFile.alive(connection, database);
            int indexed = WordIndex.indexSome(connection, WordIndex.CHUNK);
            connection.commit();
            if (indexed == WordIndex.CHUNK) {
                timers.startSingleTimer(INDEX_TIMER, IndexWords.INSTANCE, Duration.ZERO);
            }
        } catch (SQLException | RuntimeException e) {
            rollback();
            DatabaseFile.dropIfDead(connection, e);
            context.getLog().warn("writing the word index failed ({}); search reads the bodies of the messages"
                    + " not indexed yet, and it is tried again in {} s", DatabaseFile.describe(e), INDEX_RETRY.toSeconds());
            timers.startSingleTimer(INDEX_TIMER, IndexWords.INSTANCE, INDEX_RETRY);
        }
        return Behaviors.same();
    }

    private Summaries summaries(Connection c, List<String> accounts) throws SQLException {
        Map<String, Summary> result = new LinkedHashMap<>();
        for (String account : accounts) {
            ArchiveQueries.Summary s = ArchiveQueries.summary(c, account);
            result.put(account, new Summary(s.messages(), s.lastStanzaId(), s.openRanges() > 0));
        }
        return new Summaries(result);
    }

    /** Runs {@code work} in one transaction and replies after the commit, or with {@link Failed} after a rollback. */
    private <R> Behavior<Command> reply(ActorRef<R> replyTo, Function<Failed, R> failure, Work<? extends R> work) {
        return reply(replyTo, failure, false, work);
    }

    /** {@code writes}: a commit of this work shows that writes succeed again (a read proves nothing of the disk). */
    private <R> Behavior<Command> reply(ActorRef<R> replyTo, Function<Failed, R> failure, boolean writes,
                                        Work<? extends R> work) {
        return reply(replyTo, failure, writes, work, true);
    }

    private <R> Behavior<Command> reply(ActorRef<R> replyTo, Function<Failed, R> failure, boolean writes,
                                        Work<? extends R> work, boolean mayRetry) {
        try {
            connection = DatabaseFile.alive(connection, database);
            R result = work.run(connection);
            connection.commit();
            if (writes) {
                health.wrote();
            }
            replyTo.tell(result);
        } catch (SQLException | RuntimeException e) {
            rollback();
            DatabaseFile.dropIfDead(connection, e);
            if (mayRetry && DatabaseFile.connectionLost(e)) {
                context.getLog().warn("the database connection was lost ({}); trying once more on a new one",
                        DatabaseFile.describe(e));
                database.connectionLost();
                return reply(replyTo, failure, writes, work, false);
            }
            health.failed(DatabaseFile.describe(e));
            String why = "storage error: " + DatabaseFile.describe(e);
            context.getLog().error("archive store operation failed: {}", why);
            context.getLog().debug("archive store failure", e);
            replyTo.tell(failure.apply(new Failed(why)));
        }
        return Behaviors.same();
    }

    private void rollback() {
        DatabaseFile.rollback(connection, context.getLog());
    }

    private Behavior<Command> close() {
        DatabaseFile.close(connection, context.getLog(), "closing the archive's database connection failed");
        return Behaviors.same();
    }
}
