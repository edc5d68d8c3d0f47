package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.config.ArchiveSettings.FirstSync;
import dev.xmppd.daemon.store.ArchivedMessage.Direction;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.awaitility.Awaitility;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The archive tables through the ArchiveStore actor: dedupe, ledger, history, search, export. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class ArchiveStoreTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dataDir;
    private Database database;
    private ActorRef<Store.Command> store;
    private ActorRef<ArchiveStore.Command> archive;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        database = backend.open(dataDir);
        store = KIT.spawn(Store.create(database, dataDir.resolve("secrets"), CLOCK),
                DispatcherSelector.fromConfig(Store.DISPATCHER));
        TestProbe<Store.Result> added = KIT.createTestProbe();
        store.tell(new Store.AddAccount(StoreTest.account(ALICE, false), Optional.empty(), added.getRef()));
        assertThat(added.receiveMessage(StoreTest.REPLY)).isEqualTo(Store.Done.INSTANCE);
        archive = KIT.spawn(ArchiveStore.create(database, CLOCK),
                DispatcherSelector.fromConfig(Store.DISPATCHER));
    }

    @AfterEach
    void stop() {
        KIT.stop(archive);
        KIT.stop(store);
        database.close();
    }

    static ArchivedMessage message(String stanzaId, String originId, Direction direction, String body, int second) {
        String from = direction == Direction.IN ? BOB + "/phone" : ALICE + "/xmppd";
        String to = direction == Direction.IN ? ALICE : BOB;
        return new ArchivedMessage(ALICE, Optional.ofNullable(stanzaId), Optional.ofNullable(originId),
                Optional.ofNullable(originId), direction, from, to, BOB, "chat", Optional.empty(),
                Optional.ofNullable(body), T0.plusSeconds(second),
                "<message xmlns='jabber:client'><body>" + body + "</body></message>");
    }

    private <R> R ask(Function<ActorRef<R>, ArchiveStore.Command> command) {
        TestProbe<R> probe = KIT.createTestProbe();
        archive.tell(command.apply(probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY);
    }

    private ArchiveStore.Stored batch(List<ArchivedMessage> messages, LedgerChange... changes) {
        return (ArchiveStore.Stored) this.<ArchiveStore.BatchResult>ask(r -> new ArchiveStore.StoreBatch(ALICE, messages,
                List.of(changes), r));
    }

    private ArchiveStore.Stored batch(List<ArchivedMessage> messages, boolean older) {
        return (ArchiveStore.Stored) this.<ArchiveStore.BatchResult>ask(r -> new ArchiveStore.StoreBatch(ALICE, messages,
                List.of(), older, r));
    }

    private List<StoredMessage> history(Optional<String> with, int limit) {
        return ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r -> new ArchiveStore.History(ALICE, with,
                Optional.empty(), Optional.empty(), limit, r))).messages();
    }

    private ArchiveStore.Prepared prepare(FirstSync policy) {
        return (ArchiveStore.Prepared) this.<ArchiveStore.PrepareResult>ask(r -> new ArchiveStore.PrepareCatchUp(ALICE,
                ALICE, policy, r));
    }

    @Test
    void aStanzaIdIsStoredOncePerArchive() {
        ArchiveStore.Stored first = batch(List.of(message("s1", null, Direction.IN, "hello", 1),
                message("s2", null, Direction.IN, "again", 2)));
        assertThat(first.fresh()).hasSize(2);
        assertThat(first.duplicates()).isZero();
        ArchiveStore.Stored second = batch(List.of(message("s2", null, Direction.IN, "again", 2),
                message("s3", null, Direction.IN, "third", 3)));
        assertThat(second.fresh()).extracting(m -> m.stanzaId().orElseThrow()).containsExactly("s3");
        assertThat(second.duplicates()).isEqualTo(1);
        assertThat(history(Optional.empty(), 10)).extracting(m -> m.message().body().orElseThrow())
                .containsExactly("hello", "again", "third");
    }

    @Test
    void anOwnMessageStoredBeforeItsStanzaIdIsCompletedByTheArchivesCopyNotDoubled() {
        assertThat(batch(List.of(message(null, "o1", Direction.OUT, "sent by us", 1))).fresh()).hasSize(1);
        assertThat(batch(List.of(message(null, "o1", Direction.OUT, "sent by us", 1))).duplicates()).isEqualTo(1);
        ArchiveStore.Stored fromMam = batch(List.of(message("s9", "o1", Direction.OUT, "sent by us", 1)));
        assertThat(fromMam.fresh()).isEmpty();
        assertThat(fromMam.duplicates()).isEqualTo(1);
        List<StoredMessage> all = history(Optional.empty(), 10);
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().message().stanzaId()).contains("s9");
        assertThat(batch(List.of(message("s9", "o1", Direction.OUT, "sent by us", 1))).duplicates()).isEqualTo(1);
    }

    @Test
    void messagesWithoutAnyIdAreKeptEachTime() {
        batch(List.of(message(null, null, Direction.IN, null, 1), message(null, null, Direction.IN, null, 1)));
        assertThat(history(Optional.empty(), 10)).hasSize(2)
                .allSatisfy(m -> assertThat(m.message().hasBody()).isFalse());
    }

    @Test
    void theFirstSyncFollowsThePolicyThenStartsAfterTheLastStanzaId() {
        ArchiveStore.Prepared first = prepare(new FirstSync.Last(500));
        assertThat(first.lastStanzaId()).isEmpty();
        assertThat(first.ranges()).singleElement().satisfies(r -> {
            assertThat(r.backward()).isTrue();
            assertThat(r.remaining()).hasValue(500);
        });
        long backward = first.ranges().getFirst().id();
        batch(List.of(message("s5", null, Direction.IN, "newest", 5)), new LedgerChange.Retreat(backward, "s5", 499),
                new LedgerChange.SetLast(ALICE, "s5"));
        ArchiveStore.Prepared again = prepare(new FirstSync.Last(500));
        assertThat(again.lastStanzaId()).contains("s5");
        assertThat(again.ranges()).hasSize(2);
        assertThat(again.ranges().get(0).beforeId()).contains("s5");
        assertThat(again.ranges().get(1).backward()).isFalse();
        assertThat(again.ranges().get(1).afterId()).contains("s5");
        assertThat(prepare(new FirstSync.Last(500)).ranges()).as("an open forward range is kept, not doubled")
                .hasSize(2);
        batch(List.of(), new LedgerChange.Finish(backward), new LedgerChange.Finish(again.ranges().get(1).id()));
        assertThat(prepare(new FirstSync.All()).ranges()).singleElement()
                .satisfies(r -> assertThat(r.afterId()).contains("s5"));
    }

    @Test
    void anInterruptedRangeResumesFromItsCursorAndARestartContinuesFromTheNewestTime() {
        long range = prepare(new FirstSync.All()).ranges().getFirst().id();
        batch(List.of(message("s1", null, Direction.IN, "one", 10)), new LedgerChange.Advance(range, "s1"));
        assertThat(prepare(new FirstSync.All()).ranges()).singleElement()
                .satisfies(r -> assertThat(r.afterId()).contains("s1"));
        batch(List.of(), new LedgerChange.Restart(range));
        assertThat(prepare(new FirstSync.All()).ranges()).singleElement().satisfies(r -> {
            assertThat(r.afterId()).isEmpty();
            assertThat(r.since()).contains(T0.plusSeconds(10));
        });
    }

    @Test
    void historyFiltersByPeerAndKeepsTimeOrderWithTheNewestPageLast() {
        List<ArchivedMessage> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            messages.add(message("s" + i, null, Direction.IN, "m" + i, i / 3));
        }
        ArchivedMessage other = new ArchivedMessage(ALICE, Optional.of("x"), Optional.empty(), Optional.empty(),
                Direction.IN, "carol@example.org", ALICE, "carol@example.org", "chat", Optional.empty(),
                Optional.of("from carol"), T0, "<message/>");
        messages.add(other);
        batch(messages);
        assertThat(history(Optional.of(BOB), 5)).extracting(m -> m.message().body().orElseThrow())
                .containsExactly("m25", "m26", "m27", "m28", "m29");
        assertThat(history(Optional.of("carol@example.org"), 5)).hasSize(1);
        List<StoredMessage> since = ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r ->
                new ArchiveStore.History(ALICE, Optional.of(BOB), Optional.of(T0.plusSeconds(2)), Optional.empty(), 4,
                        r))).messages();
        assertThat(since).extracting(m -> m.message().body().orElseThrow()).containsExactly("m6", "m7", "m8", "m9");
        // --until: the newest up to that time (inclusive), in time order; with --since too, the window's first ones.
        List<StoredMessage> until = ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r ->
                new ArchiveStore.History(ALICE, Optional.of(BOB), Optional.empty(), Optional.of(T0.plusSeconds(3)), 4,
                        r))).messages();
        assertThat(until).extracting(m -> m.message().body().orElseThrow()).containsExactly("m8", "m9", "m10", "m11");
        List<StoredMessage> window = ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r ->
                new ArchiveStore.History(ALICE, Optional.of(BOB), Optional.of(T0.plusSeconds(1)),
                        Optional.of(T0.plusSeconds(2)), 10, r))).messages();
        assertThat(window).extracting(m -> m.message().body().orElseThrow())
                .containsExactly("m3", "m4", "m5", "m6", "m7", "m8");
    }

    /**
     * First sync "last N" stores pages newest first; messages stamped in the same second must still read in the
     * archive's order across pages, before a message stored live later in that second.
     */
    @Test
    void pagesFetchedBackwardsKeepTheArchivesOrderWithinASecond() {
        batch(List.of(message("m5", null, Direction.IN, "m5", 1), message("m6", null, Direction.IN, "m6", 1),
                message("m7", null, Direction.IN, "m7", 1)), true);
        batch(List.of(message("m2", null, Direction.IN, "m2", 1), message("m3", null, Direction.IN, "m3", 1),
                message("m4", null, Direction.IN, "m4", 1)), true);
        batch(List.of(message("m0", null, Direction.IN, "m0", 0), message("m1", null, Direction.IN, "m1", 1),
                message("m5", null, Direction.IN, "m5", 1)), true); // m5 again: a duplicate takes no place
        batch(List.of(message("m8", null, Direction.IN, "m8", 1)));
        assertThat(history(Optional.of(BOB), 20)).extracting(m -> m.message().body().orElseThrow())
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
    }

    @Test
    void searchFindsEveryWordNormalisedNewestFirst() {
        batch(List.of(message("a", null, Direction.IN, "Café au lait", 1),
                message("b", null, Direction.IN, "le CAFÉ noir", 2),
                message("c", null, Direction.IN, "thé", 3)));
        List<StoredMessage> found = ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r ->
                new ArchiveStore.Search("café", Optional.of(ALICE), Optional.empty(), 10, r))).messages();
        assertThat(found).extracting(m -> m.message().stanzaId().orElseThrow()).containsExactly("b", "a");
        List<StoredMessage> both = ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r ->
                new ArchiveStore.Search("noir café", Optional.empty(), Optional.of(BOB), 10, r))).messages();
        assertThat(both).extracting(m -> m.message().stanzaId().orElseThrow()).containsExactly("b");
    }

    /**
     * The word index is written after the messages (WordIndex): search finds a message whose words are not written
     * yet, one whose words are, and a mix of both, each once; the store writes the index by itself once writes pause.
     */
    @Test
    void searchFindsMessagesBeforeAndAfterTheirWordsAreIndexed() throws Exception {
        KIT.stop(archive);
        archive = KIT.spawn(ArchiveStore.create(database, CLOCK, new StoreHealth(CLOCK), Ownership.single(),
                Duration.ofHours(1)), DispatcherSelector.fromConfig(Store.DISPATCHER));
        batch(List.of(message("a", null, Direction.IN, "Café au lait", 1),
                message("b", null, Direction.IN, "le CAFÉ noir", 2),
                message("c", null, Direction.IN, "thé", 3), message("d", null, Direction.IN, null, 4)));
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            assertThat(WordIndex.backlog(c)).as("messages with a body wait for their words").isEqualTo(3);
            assertThat(searchIds("café")).containsExactly("b", "a");

            assertThat(WordIndex.indexSome(c, 1)).isEqualTo(1);
            c.commit();
            assertThat(WordIndex.backlog(c)).isEqualTo(2);
            assertThat(searchIds("café")).as("one indexed, one not").containsExactly("b", "a");
            assertThat(searchIds("noir café")).containsExactly("b");

            assertThat(WordIndex.indexSome(c, 10)).isEqualTo(2);
            c.commit();
            assertThat(WordIndex.backlog(c)).isZero();
            assertThat(searchIds("café")).containsExactly("b", "a");
            assertThat(searchIds("thé")).containsExactly("c");
        }

        KIT.stop(archive);
        archive = KIT.spawn(ArchiveStore.create(database, CLOCK, new StoreHealth(CLOCK), Ownership.single(),
                Duration.ofMillis(50)), DispatcherSelector.fromConfig(Store.DISPATCHER));
        List<ArchivedMessage> many = new ArrayList<>();
        for (int i = 0; i < WordIndex.CHUNK + 10; i++) {
            many.add(message("many-" + i, null, Direction.IN, "crème " + i, 10 + i));
        }
        batch(many);
        try (Connection c = database.open()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> WordIndex.backlog(c) == 0);
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM message_words WHERE word = 'crème'");
                 var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("more than one chunk indexed, each message once").isEqualTo(many.size());
            }
        }
        assertThat(searchIds("crème 7")).containsExactly("many-7");
    }

    private List<String> searchIds(String text) {
        return ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r -> new ArchiveStore.Search(text,
                Optional.of(ALICE), Optional.empty(), 10, r))).messages().stream()
                .map(m -> m.message().stanzaId().orElseThrow()).toList();
    }

    @Test
    void exportPagesThroughEveryMessageOnceInTimeOrder() {
        List<ArchivedMessage> messages = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            messages.add(message("s" + i, null, Direction.IN, "m" + i, i / 4));
        }
        batch(messages);
        List<String> seen = new ArrayList<>();
        Optional<StoredMessage> after = Optional.empty();
        while (true) {
            Optional<StoredMessage> cursor = after;
            List<StoredMessage> page = ((ArchiveStore.Messages) this.<ArchiveStore.QueryResult>ask(r ->
                    new ArchiveStore.ExportPage(ALICE, cursor, 7, r))).messages();
            if (page.isEmpty()) {
                break;
            }
            page.forEach(m -> seen.add(m.message().body().orElseThrow()));
            after = Optional.of(page.getLast());
        }
        assertThat(seen).hasSize(25).containsExactlyElementsOf(messages.stream().map(m -> m.body().orElseThrow()).toList());
    }

    @Test
    void summaryCountsMessagesAndSaysWhetherRangesAreOpen() {
        long range = prepare(new FirstSync.All()).ranges().getFirst().id();
        batch(List.of(message("s1", null, Direction.IN, "one", 1)), new LedgerChange.SetLast(ALICE, "s1"));
        ArchiveStore.Summaries open = (ArchiveStore.Summaries) this.<ArchiveStore.SummaryResult>ask(r ->
                new ArchiveStore.Summarize(List.of(ALICE), r));
        assertThat(open.accounts().get(ALICE)).isEqualTo(new ArchiveStore.Summary(1, Optional.of("s1"), true));
        batch(List.of(), new LedgerChange.Finish(range));
        ArchiveStore.Summaries done = (ArchiveStore.Summaries) this.<ArchiveStore.SummaryResult>ask(r ->
                new ArchiveStore.Summarize(List.of(ALICE), r));
        assertThat(done.accounts().get(ALICE).syncing()).isFalse();
    }
}
