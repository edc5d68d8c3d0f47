package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.config.PresenceSettings;
import dev.xmppd.daemon.config.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
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

@ParameterizedClass
@EnumSource(StoreBackend.class)
class StoreTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    /** A reply may wait for the database to open and migrate (a busy machine, a PostgreSQL round trip). */
    static final java.time.Duration REPLY = java.time.Duration.ofSeconds(15);
    private static final String ALICE = "alice@example.org";

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dataDir;
    private Database database;
    private ActorRef<Store.Command> store;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        database = backend.open(dataDir);
        store = spawnStore();
    }

    @AfterEach
    void stop() {
        KIT.stop(store);
        database.close();
    }

    private ActorRef<Store.Command> spawnStore() {
        return KIT.spawn(Store.create(database, dataDir.resolve("secrets"), CLOCK),
                DispatcherSelector.fromConfig(Store.DISPATCHER));
    }

    static AccountSettings account(String jid, boolean declared) {
        return new AccountSettings(jid, true, Optional.of("localhost"), OptionalInt.of(5222), false, Optional.empty(),
                Optional.empty(), Optional.of("xmppd"), new PasswordSource.File(Path.of("/etc/xmppd/pass")),
                PresenceSettings.AVAILABLE, declared);
    }

    private Store.Result write(java.util.function.Function<ActorRef<Store.Result>, Store.Command> command) {
        TestProbe<Store.Result> probe = KIT.createTestProbe();
        store.tell(command.apply(probe.getRef()));
        return probe.receiveMessage(REPLY);
    }

    private AccountState load(String jid) {
        TestProbe<Store.Loaded> probe = KIT.createTestProbe();
        store.tell(new Store.LoadAccount(jid, probe.getRef()));
        return probe.receiveMessage(REPLY).account().orElseThrow();
    }

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndAreIdempotent() throws Exception {
        int latest = Migrations.bundled().size();
        try (Database fresh = backend.open(dataDir.resolve("fresh"))) {
            try (Connection c = fresh.open()) {
                assertThat(Migrations.apply(c)).containsExactlyElementsOf(
                        java.util.stream.IntStream.rangeClosed(1, latest).boxed().toList());
                assertThat(Migrations.currentVersion(c)).isEqualTo(latest);
            }
            try (Connection c = fresh.open()) {
                assertThat(Migrations.apply(c)).isEmpty();
                assertThat(Migrations.currentVersion(c)).isEqualTo(latest);
            }
        }
    }

    @Test
    void aDatabaseFromANewerXmppdIsRefused() throws Exception {
        try (Database newer = backend.open(dataDir.resolve("newer")); Connection c = newer.open()) {
            Migrations.apply(c);
            c.createStatement().execute("INSERT INTO schema_version VALUES (99, 'future', CURRENT_TIMESTAMP)");
            c.commit();
            assertThatThrownBy(() -> Migrations.apply(c)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("version 99");
        }
    }

    @Test
    void dataSurvivesARestartOfTheStore() {
        assertThat(write(r -> new Store.AddAccount(account(ALICE, false), Optional.empty(), r))).isEqualTo(Store.Done.INSTANCE);
        KIT.stop(store);
        store = spawnStore();
        AccountState state = load(ALICE);
        assertThat(state.settings()).isEqualTo(account(ALICE, false));
        assertThat(state.created()).isEqualTo(CLOCK.instant());
    }

    @Test
    void anAccountCannotBeAddedTwiceAndUnknownOrDeclaredOnesAreRejected() {
        write(r -> new Store.AddAccount(account(ALICE, false), Optional.empty(), r));
        assertThat(write(r -> new Store.AddAccount(account(ALICE, false), Optional.empty(), r)))
                .isEqualTo(new Store.Failed(Store.Failure.ACCOUNT_EXISTS, "account alice@example.org already exists"));
        assertThat(write(r -> new Store.RemoveAccount("nobody@example.org", r)))
                .extracting(res -> ((Store.Failed) res).failure()).isEqualTo(Store.Failure.UNKNOWN_ACCOUNT);
        write(r -> new Store.SyncDeclared(List.of(account("bob@example.org", true)), r));
        assertThat(write(r -> new Store.SetEnabled("bob@example.org", false, r)))
                .extracting(res -> ((Store.Failed) res).failure()).isEqualTo(Store.Failure.READ_ONLY);
        assertThat(write(r -> new Store.RemoveAccount(ALICE, r))).isEqualTo(Store.Done.INSTANCE);
        TestProbe<Store.AccountList> list = KIT.createTestProbe();
        store.tell(new Store.ListAccounts(list.getRef()));
        assertThat(list.receiveMessage(REPLY).accounts()).extracting(AccountSettings::jid).containsExactly("bob@example.org");
    }

    @Test
    void accountsDroppedFromTheConfigBecomeDisabledRuntimeAccounts() {
        write(r -> new Store.SyncDeclared(List.of(account("bob@example.org", true)), r));
        write(r -> new Store.SyncDeclared(List.of(), r));
        AccountSettings bob = load("bob@example.org").settings();
        assertThat(bob.declared()).isFalse();
        assertThat(bob.enabled()).isFalse();
    }

    @Test
    void messagesAreUniquePerAccountArchiveAndStanzaId() throws Exception {
        write(r -> new Store.AddAccount(account(ALICE, false), Optional.empty(), r));
        KIT.stop(store);
        try (Connection c = database.open()) {
            insertMessage(c, "s1");
            insertMessage(c, null);
            insertMessage(c, null); // messages without a stanza-id (old servers) are not deduplicated by the key
            // H2 names the constraint in upper case, PostgreSQL in lower case.
            assertThatThrownBy(() -> insertMessage(c, "s1")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("messages_stanza_id"));
        }
        store = spawnStore();
    }

    private static void insertMessage(Connection c, String stanzaId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (account, archive_jid, stanza_id, origin_id,"
                + " direction, from_jid, to_jid, peer_jid, type, has_body, ts, raw_xml) VALUES (?, ?, ?, 'o1', 'in',"
                + " 'bob@example.org', 'alice@example.org', 'bob@example.org', 'chat', FALSE, CURRENT_TIMESTAMP,"
                + " '<message/>')")) {
            ps.setString(1, ALICE);
            ps.setString(2, ALICE);
            ps.setString(3, stanzaId);
            ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    @Test
    void rosterIsReplacedThenPatchedByPushes() {
        write(r -> new Store.AddAccount(account(ALICE, false), Optional.empty(), r));
        RosterItem bob = new RosterItem("bob@example.org", Optional.of("Bob"), "both", false, List.of("Friends"));
        RosterItem carol = new RosterItem("carol@example.org", Optional.empty(), "none", true, List.of());
        assertThat(write(r -> new Store.ReplaceRoster(ALICE, List.of(bob, carol), Optional.of("v1"), r)))
                .isEqualTo(Store.Done.INSTANCE);
        assertThat(load(ALICE).roster()).containsExactly(bob, carol);

        RosterItem carolBoth = new RosterItem("carol@example.org", Optional.of("Carol"), "both", false, List.of("A", "B"));
        write(r -> new Store.ApplyRosterPush(ALICE, carolBoth, Optional.of("v2"), r));
        write(r -> new Store.ApplyRosterPush(ALICE,
                new RosterItem("bob@example.org", Optional.empty(), RosterItem.REMOVE, false, List.of()), Optional.of("v3"), r));
        AccountState state = load(ALICE);
        assertThat(state.roster()).containsExactly(carolBoth);
        assertThat(state.rosterVersion()).contains("v3");

        write(r -> new Store.ReplaceRoster(ALICE, List.of(bob), Optional.empty(), r));
        assertThat(load(ALICE).roster()).containsExactly(bob);
        assertThat(load(ALICE).rosterVersion()).isEmpty();
    }

    @Test
    void writesForAnUnknownAccountAreRejected() {
        assertThat(write(r -> new Store.ReplaceBlocklist("ghost@example.org", List.of("x@y"), r)))
                .extracting(res -> ((Store.Failed) res).failure()).isEqualTo(Store.Failure.UNKNOWN_ACCOUNT);
    }

    @Test
    void blocklistAndDiscoRoundTrip() {
        write(r -> new Store.AddAccount(account(ALICE, false), Optional.empty(), r));
        write(r -> new Store.ReplaceBlocklist(ALICE, List.of("spam@example.org", "troll@example.org"), r));
        write(r -> new Store.ApplyBlockPush(ALICE, List.of("new@example.org"), List.of("spam@example.org"), false, r));
        assertThat(load(ALICE).blocklist()).containsExactly("new@example.org", "troll@example.org");
        write(r -> new Store.ApplyBlockPush(ALICE, List.of(), List.of(), true, r));
        assertThat(load(ALICE).blocklist()).isEmpty();

        DiscoInfo server = new DiscoInfo("example.org", "",
                List.of(new DiscoIdentity("server", "im", Optional.of("Prosody"))),
                List.of("urn:xmpp:mam:2", "urn:xmpp:blocking"), CLOCK.instant());
        write(r -> new Store.ReplaceDisco(ALICE, List.of(server), r));
        assertThat(load(ALICE).disco()).containsExactly(server);
    }

    @Test
    void listsComeInCodePointOrderWhateverTheDatabasesCollation() {
        write(r -> new Store.SyncDeclared(List.of(account("b@example.org", true), account("a.c@example.org", true),
                account("ab@example.org", true), account("a-b@example.org", true)), r));
        List<String> order = List.of("a-b@example.org", "a.c@example.org", "ab@example.org", "b@example.org");
        TestProbe<Store.AccountList> list = KIT.createTestProbe();
        store.tell(new Store.ListAccounts(list.getRef()));
        assertThat(list.receiveMessage(REPLY).accounts()).extracting(AccountSettings::jid).containsExactlyElementsOf(order);
        write(r -> new Store.ReplaceBlocklist("b@example.org", List.of("ab@example.org", "a.c@example.org",
                "Zed@example.org", "a-b@example.org"), r));
        assertThat(load("b@example.org").blocklist())
                .containsExactly("Zed@example.org", "a-b@example.org", "a.c@example.org", "ab@example.org");
    }

    @Test
    void aRuntimePasswordGoesToA0600FileAndNeverIntoTheDatabase() throws Exception {
        String password = "s3cret-Pässword";
        assertThat(write(r -> new Store.AddAccount(account(ALICE, false), Optional.of(Secret.of(password)), r)))
                .isEqualTo(Store.Done.INSTANCE);
        Path file = dataDir.resolve("secrets").resolve("alice@example.org");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(password + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        AccountSettings stored = load(ALICE).settings();
        assertThat(stored.password()).isEqualTo(new PasswordSource.Stored(file));
        assertThat(new String(stored.password().read().chars())).isEqualTo(password);
        assertThat(stored.toString()).doesNotContain(password);

        KIT.stop(store);
        try (Connection c = database.open();
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM accounts")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(rs.getObject(i))).doesNotContain(password);
                }
            }
        }
        if (backend == StoreBackend.H2) {
            // The H2 file's bytes too (PostgreSQL's files are the server's, outside the data dir).
            assertThat(new String(Files.readAllBytes(dataDir.resolve("xmppd.mv.db")), StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(password.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        store = spawnStore();
        assertThat(write(r -> new Store.RemoveAccount(ALICE, r))).isEqualTo(Store.Done.INSTANCE);
        assertThat(file).doesNotExist();
    }

    @Test
    void secretFileNamesKeepDistinctJidsApart() {
        assertThat(SecretFiles.fileName("a/b@example.org")).isEqualTo("a%2Fb@example.org");
        assertThat(SecretFiles.fileName("a_b@example.org")).isNotEqualTo(SecretFiles.fileName("a%5Fb@example.org"));
        assertThat(Secret.of("hunter2")).hasToString("Secret[redacted]");
    }
}
