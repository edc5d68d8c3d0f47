package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.daemon.SharedPostgres;
import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.config.StoreSettings;
import dev.xmppd.testbed.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is PostgreSQL's own: the start check and its errors, a connection the server ended, daemons starting together
 * on one database.
 */
class PostgresDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aWrongPasswordStopsTheStartNamingTheDatabaseButNeverThePassword() throws Exception {
        StoreSettings.Postgresql good = SharedPostgres.freshStore(dir);
        Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-the-password-4711\n");
        String url = good.url() + "?password=url-secret-0815&ApplicationName=xmppd";
        StoreSettings.Postgresql bad = new StoreSettings.Postgresql(url, good.user(),
                Optional.of(new PasswordSource.File(wrong)), 4);
        try (Database database = Database.of(bad, dir.resolve("unused"))) {
            assertThatThrownBy(database::check).isInstanceOf(DatabaseFile.Unavailable.class)
                    .hasMessageContaining(good.url() + " as " + PostgresServer.USER)
                    .hasMessageContaining("password authentication failed")
                    .hasMessageContaining("Check xmppd.store")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("4711", "0815"));
            assertThatThrownBy(database::open).isInstanceOf(DatabaseFile.Unavailable.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("4711", "0815"));
        }
        assertThat(dir.resolve("unused.mv.db")).doesNotExist();
    }

    @Test
    void aPasswordFileThatCannotBeReadIsNamed() {
        StoreSettings.Postgresql good = SharedPostgres.freshStore(dir);
        Path missing = dir.resolve("missing.password");
        try (Database database = Database.of(new StoreSettings.Postgresql(good.url(), good.user(),
                Optional.of(new PasswordSource.File(missing)), 4), dir.resolve("unused"))) {
            assertThatThrownBy(database::check).isInstanceOf(DatabaseFile.Unavailable.class)
                    .hasMessageContaining("password of the PostgreSQL store").hasMessageContaining(missing.toString());
        }
    }

    @Test
    void theStoreGetsANewConnectionWhenTheServerEndedItsOwn() {
        StoreSettings.Postgresql settings = SharedPostgres.freshStore(dir);
        String name = settings.url().substring(settings.url().lastIndexOf('/') + 1);
        ActorTestKit kit = ActorTestKit.create();
        try (Database database = Database.of(settings, dir.resolve("unused"))) {
            ActorRef<Store.Command> store = kit.spawn(Store.create(database, dir.resolve("secrets"),
                    java.time.Clock.systemUTC()), DispatcherSelector.fromConfig(Store.DISPATCHER));
            TestProbe<Store.Result> probe = kit.createTestProbe();
            store.tell(new Store.AddAccount(StoreTest.account("alice@example.org", false), Optional.empty(),
                    probe.getRef()));
            assertThat(probe.receiveMessage()).isEqualTo(Store.Done.INSTANCE);

            // What a server restart or a failover does to the connection the store holds.
            assertThat(SharedPostgres.server().admin("postgres", "SELECT COUNT(pg_terminate_backend(pid))"
                    + " FROM pg_stat_activity WHERE datname = '" + name + "'")).isNotEqualTo("0");

            store.tell(new Store.AddAccount(StoreTest.account("bob@example.org", false), Optional.empty(),
                    probe.getRef()));
            assertThat(probe.receiveMessage()).isEqualTo(Store.Done.INSTANCE);
            TestProbe<Store.AccountList> list = kit.createTestProbe();
            store.tell(new Store.ListAccounts(list.getRef()));
            assertThat(list.receiveMessage().accounts()).extracting(dev.xmppd.daemon.config.AccountSettings::jid)
                    .containsExactly("alice@example.org", "bob@example.org");
            kit.stop(store);
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void daemonsStartingTogetherOnOneDatabaseMigrateItOnce() throws Exception {
        StoreSettings.Postgresql settings = SharedPostgres.freshStore(dir);
        List<CompletableFuture<Void>> starts = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.runAsync(() -> {
                    try (Database database = Database.of(settings, dir.resolve("unused"))) {
                        database.check();
                    }
                })).toList();
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        try (Database database = Database.of(settings, dir.resolve("unused")); Connection c = database.open();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_version")) {
            rs.next();
            int latest = Migrations.bundled().size();
            assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3))).containsExactly(latest, latest, latest);
        }
    }
}
