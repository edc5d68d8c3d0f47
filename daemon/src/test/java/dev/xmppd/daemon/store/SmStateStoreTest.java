package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
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

/** XEP-0198 state in the store (migration V3): header and unacknowledged stanzas, written incrementally. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class SmStateStoreTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String ALICE = "alice@example.org";
    private static final Instant ALIVE = Instant.parse("2026-01-02T03:00:00Z");

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
        store = spawn();
        assertThat(write(r -> new Store.AddAccount(StoreTest.account(ALICE, false), Optional.empty(), r)))
                .isEqualTo(Store.Done.INSTANCE);
    }

    @AfterEach
    void stop() {
        KIT.stop(store);
        database.close();
    }

    private ActorRef<Store.Command> spawn() {
        return KIT.spawn(Store.create(database, dataDir.resolve("secrets"), CLOCK),
                DispatcherSelector.fromConfig(Store.DISPATCHER));
    }

    private Store.Result write(Function<ActorRef<Store.Result>, Store.Command> command) {
        TestProbe<Store.Result> probe = KIT.createTestProbe();
        store.tell(command.apply(probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY);
    }

    private Optional<SmState> load() {
        TestProbe<Store.SmLoaded> probe = KIT.createTestProbe();
        store.tell(new Store.LoadSm(ALICE, probe.getRef()));
        return probe.receiveMessage(StoreTest.REPLY).state();
    }

    private static SmState state(long acked, long sent, List<SmState.Stanza> fresh) {
        return new SmState(Optional.of("sm-1"), Optional.empty(), Optional.of(ALICE + "/xmppd"), true,
                OptionalLong.of(300), 4, 9, 10, acked, sent, 2, ALIVE, fresh);
    }

    private static SmState.Stanza stanza(long position) {
        return new SmState.Stanza(position, "<message xmlns='jabber:client' id='m" + position + "'/>");
    }

    @Test
    void nothingIsStoredForANewAccount() {
        assertThat(load()).isEmpty();
    }

    @Test
    void aWriteAddsNewStanzasAndDropsTheAcknowledgedOnes() {
        assertThat(write(r -> new Store.SaveSm(ALICE, state(10, 13, List.of(stanza(11), stanza(12), stanza(13))), r)))
                .isEqualTo(Store.Done.INSTANCE);
        assertThat(load().orElseThrow()).isEqualTo(state(10, 13, List.of(stanza(11), stanza(12), stanza(13))));

        write(r -> new Store.SaveSm(ALICE, state(12, 14, List.of(stanza(14))), r));

        SmState loaded = load().orElseThrow();
        assertThat(loaded.unacked()).containsExactly(stanza(13), stanza(14));
        assertThat(loaded.outboundAcked()).isEqualTo(12);
        assertThat(loaded.resumptionId()).contains("sm-1");
        assertThat(loaded.maxSeconds()).hasValue(300);
        assertThat(loaded.updatedAt()).isEqualTo(ALIVE);
    }

    @Test
    void itSurvivesARestartOfTheStore() {
        write(r -> new Store.SaveSm(ALICE, state(10, 11, List.of(stanza(11))), r));
        KIT.stop(store);
        store = spawn();
        assertThat(load()).contains(state(10, 11, List.of(stanza(11))));
    }

    @Test
    void deleteAndAccountRemovalForgetIt() {
        write(r -> new Store.SaveSm(ALICE, state(10, 11, List.of(stanza(11))), r));
        assertThat(write(r -> new Store.DeleteSm(ALICE, r))).isEqualTo(Store.Done.INSTANCE);
        assertThat(load()).isEmpty();

        write(r -> new Store.SaveSm(ALICE, state(10, 11, List.of(stanza(11))), r));
        write(r -> new Store.RemoveAccount(ALICE, r));
        assertThat(load()).isEmpty();
    }
}
