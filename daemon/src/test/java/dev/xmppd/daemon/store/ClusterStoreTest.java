package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.store.ArchivedMessage.Direction;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cluster nodes on one PostgreSQL database, each with its own store actors: declared accounts are kept per node,
 * a claim fences the previous owner's archive and stream management writes, and the same message stored by both at
 * once is one row.
 */
class ClusterStoreTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String ALICE = "alice@example.org";

    @TempDir
    Path dir;
    private dev.xmppd.daemon.config.StoreSettings.Postgresql settings;
    private final List<Database> databases = new java.util.ArrayList<>();
    private Node a;
    private Node b;

    /** One node's store actors (and its own connection pool, as each daemon has). */
    private record Node(ActorRef<Store.Command> store, ActorRef<ArchiveStore.Command> archive,
                        ActorRef<AccountClaims.Command> claims) {
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        settings = dev.xmppd.daemon.SharedPostgres.freshStore(dir);
        a = node("node-a");
        b = node("node-b");
    }

    @AfterEach
    void stop() {
        for (Node n : List.of(a, b)) {
            KIT.stop(n.store());
            KIT.stop(n.archive());
            KIT.stop(n.claims());
        }
        databases.forEach(Database::close);
    }

    private Database database() {
        Database database = Database.of(settings, dir.resolve("unused"));
        databases.add(database);
        return database;
    }

    private Node node(String name) {
        Database database = database();
        Ownership ownership = Ownership.cluster(name);
        DispatcherSelector blocking = DispatcherSelector.fromConfig(Store.DISPATCHER);
        ActorRef<Store.Command> store = KIT.spawn(Store.create(database, dir.resolve(name), CLOCK,
                new StoreHealth(CLOCK), ownership), blocking);
        // The store migrates on start: wait for it before the others use the tables.
        TestProbe<Store.AccountList> listed = KIT.createTestProbe();
        store.tell(new Store.ListAccounts(listed.getRef()));
        listed.receiveMessage(StoreTest.REPLY);
        return new Node(store, KIT.spawn(ArchiveStore.create(database, CLOCK, new StoreHealth(CLOCK), ownership),
                blocking), KIT.spawn(AccountClaims.create(database, ownership, CLOCK), blocking));
    }

    private static List<AccountSettings> accounts(Node node) {
        TestProbe<Store.AccountList> probe = KIT.createTestProbe();
        node.store().tell(new Store.ListAccounts(probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY).accounts();
    }

    @Test
    void anAccountIsDisabledOnlyWhenNoNodeDeclaresItAnyMore() {
        assertThat(declare(a, "alice@x", "bob@x")).isEqualTo(Store.Done.INSTANCE);
        assertThat(declare(b, "bob@x", "carol@x")).isEqualTo(Store.Done.INSTANCE);
        assertThat(declare(a)).isEqualTo(Store.Done.INSTANCE);
        assertThat(accounts(b)).extracting(AccountSettings::jid, AccountSettings::enabled, AccountSettings::declared)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice@x", false, false),
                        org.assertj.core.groups.Tuple.tuple("bob@x", true, true),
                        org.assertj.core.groups.Tuple.tuple("carol@x", true, true));
    }

    @Test
    void aClaimByAnotherNodeFencesTheArchiveAndStreamWritesOfThePreviousOwner() {
        declare(a, ALICE);
        AccountClaims.Claim first = claim(a, OptionalLong.empty());
        assertThat(first.account()).isPresent();
        assertThat(batch(a, "s1")).isInstanceOf(ArchiveStore.Stored.class);
        assertThat(saveSm(a)).isEqualTo(Store.Done.INSTANCE);

        AccountClaims.Claim second = claim(b, OptionalLong.empty());
        assertThat(second.epoch()).isGreaterThan(first.epoch());
        assertThat(batch(a, "s2")).as("the old owner's archive write").isInstanceOf(ArchiveStore.Failed.class);
        assertThat(saveSm(a)).as("the old owner's stream state").isInstanceOf(Store.Failed.class);
        assertThat(claim(a, OptionalLong.of(first.epoch())).account()).as("the old owner's check").isEmpty();
        assertThat(claim(b, OptionalLong.of(second.epoch())).account()).isPresent();
        assertThat(batch(b, "s2")).isInstanceOf(ArchiveStore.Stored.class);
        assertThat(saveSm(b)).isEqualTo(Store.Done.INSTANCE);
    }

    @Test
    void theSameMessageStoredByTwoNodesAtOnceIsOneRowAndNeitherBatchFails() throws Exception {
        declare(a, ALICE);
        ArchivedMessage message = message("shared");
        Database database = database();
        try (Connection first = database.open(); Connection second = database.open()) {
            MessageTable.Outcome stored;
            CompletableFuture<MessageTable.Outcome> concurrent;
            try (MessageTable.Writer writer = new MessageTable.Writer(first, ALICE)) {
                stored = writer.store(message);
            }
            // The second insert waits on the first transaction's row (seen in pg_locks), then finds it committed.
            concurrent = CompletableFuture.supplyAsync(() -> {
                try (MessageTable.Writer writer = new MessageTable.Writer(second, ALICE)) {
                    MessageTable.Outcome outcome = writer.store(message);
                    second.commit();
                    return outcome;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Connection watcher = database.open()) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                        .until(() -> waitingLocks(watcher) > 0);
            }
            first.commit();
            assertThat(stored).isEqualTo(MessageTable.Outcome.NEW);
            assertThat(concurrent.get(15, TimeUnit.SECONDS)).isEqualTo(MessageTable.Outcome.DUPLICATE);
            try (var ps = first.prepareStatement("SELECT COUNT(*) FROM messages WHERE stanza_id = 'shared'");
                 var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    /** A claim of alice (no epoch) or a check of the claim {@code epoch}. */
    private static AccountClaims.Claim claim(Node node, OptionalLong epoch) {
        TestProbe<AccountClaims.Claim> probe = KIT.createTestProbe();
        node.claims().tell(epoch.isEmpty() ? new AccountClaims.ClaimAccount(ALICE, probe.getRef())
                : new AccountClaims.CheckClaim(ALICE, epoch.getAsLong(), probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY);
    }

    private static Store.Result saveSm(Node node) {
        TestProbe<Store.Result> probe = KIT.createTestProbe();
        node.store().tell(new Store.SaveSm(ALICE, sm(), probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY);
    }

    private static Store.Result declare(Node node, String... jids) {
        List<AccountSettings> declared = java.util.Arrays.stream(jids).map(j -> StoreTest.account(j, true)).toList();
        TestProbe<Store.Result> probe = KIT.createTestProbe();
        node.store().tell(new Store.SyncDeclared(declared, probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY);
    }

    private static long waitingLocks(Connection c) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("SELECT COUNT(*) FROM pg_locks WHERE NOT granted"); var rs = ps.executeQuery()) {
            rs.next();
            long waiting = rs.getLong(1);
            c.commit();
            return waiting;
        }
    }

    private static ArchiveStore.BatchResult batch(Node node, String stanzaId) {
        TestProbe<ArchiveStore.BatchResult> probe = KIT.createTestProbe();
        node.archive().tell(new ArchiveStore.StoreBatch(ALICE, List.of(message(stanzaId)), List.of(), probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY);
    }

    private static ArchivedMessage message(String stanzaId) {
        return new ArchivedMessage(ALICE, Optional.of(stanzaId), Optional.empty(), Optional.empty(), Direction.IN,
                "bob@example.org/phone", ALICE, "bob@example.org", "chat", Optional.empty(),
                Optional.of("body " + stanzaId), CLOCK.instant(), "<message xmlns='jabber:client'/>");
    }

    private static SmState sm() {
        return new SmState(Optional.of("sm-1"), Optional.empty(), Optional.of(ALICE + "/xmppd"), true,
                OptionalLong.of(300), 0, 0, 0, 0, 0, 0, CLOCK.instant(), List.of());
    }
}
