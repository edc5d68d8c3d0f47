package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.config.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The accounts side of the database ({@link Database}: H2 in the data dir, or PostgreSQL). JDBC blocks, so this actor must be spawned on the
 * {@code xmppd-blocking-dispatcher} ({@link #DISPATCHER}); it handles one command at a time in its own transaction.
 */
public final class Store {
    public static final String DISPATCHER = "xmppd-blocking-dispatcher";

    public sealed interface Command {
    }

    /** Adds a runtime account; with a secret the password is written to a 0600 file and the account points at it. */
    public record AddAccount(AccountSettings account, Optional<Secret> secret, ActorRef<Result> replyTo) implements Command {
    }

    /** Removes a runtime account with its archive and stored secret. */
    public record RemoveAccount(String jid, ActorRef<Result> replyTo) implements Command {
    }

    public record SetEnabled(String jid, boolean enabled, ActorRef<Result> replyTo) implements Command {
    }

    /**
     * At start: the accounts of the config file are inserted or updated; rows declared before but no longer in the
     * file become disabled runtime accounts (their archive is kept; {@code xmppctl account remove} deletes it).
     */
    public record SyncDeclared(List<AccountSettings> declared, ActorRef<Result> replyTo) implements Command {
    }

    public record ListAccounts(ActorRef<AccountList> replyTo) implements Command {
    }

    public record AccountList(List<AccountSettings> accounts) {
        public AccountList {
            accounts = List.copyOf(accounts);
        }
    }

    public record LoadAccount(String jid, ActorRef<Loaded> replyTo) implements Command {
    }

    public record Loaded(Optional<AccountState> account) {
    }

    public record ReplaceRoster(String account, List<RosterItem> items, Optional<String> version,
                                ActorRef<Result> replyTo) implements Command {
    }

    public record ApplyRosterPush(String account, RosterItem item, Optional<String> version,
                                  ActorRef<Result> replyTo) implements Command {
    }

    public record ReplaceBlocklist(String account, List<String> jids, ActorRef<Result> replyTo) implements Command {
    }

    /** A XEP-0191 push; {@code unblockAll} is an unblock without items. */
    public record ApplyBlockPush(String account, List<String> blocked, List<String> unblocked, boolean unblockAll,
                                 ActorRef<Result> replyTo) implements Command {
    }

    public record ReplaceDisco(String account, List<DiscoInfo> entries, ActorRef<Result> replyTo) implements Command {
    }

    /** XEP-0198 state (see {@link SmState}): its {@code unacked} are the stanzas not stored yet. */
    public record SaveSm(String account, SmState state, ActorRef<Result> replyTo) implements Command {
    }

    public record LoadSm(String account, ActorRef<SmLoaded> replyTo) implements Command {
    }

    public record SmLoaded(Optional<SmState> state) {
    }

    public record DeleteSm(String account, ActorRef<Result> replyTo) implements Command {
    }

    /** XEP-0484: the account's FAST credential (client id and token), kept in a 0600 file, not the database. */
    public record LoadFast(String account, ActorRef<FastLoaded> replyTo) implements Command {
    }

    public record FastLoaded(Optional<FastTokenFiles.FastCredential> credential) {
    }

    /** Replaces the account's FAST credential; failures are logged (the next login then uses the password). */
    public record SaveFast(String account, FastTokenFiles.FastCredential credential) implements Command {
    }

    public sealed interface Result {
    }

    public enum Done implements Result { INSTANCE }

    public record Failed(Failure failure, String message) implements Result {
    }

    public enum Failure { UNKNOWN_ACCOUNT, ACCOUNT_EXISTS, READ_ONLY, STORAGE }

    /** A unit of work in one transaction; a {@link Rejection} rolls back and becomes a {@link Failed}. */
    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException, IOException;
    }

    private static final class Rejection extends RuntimeException {
        private final Failure failure;

        Rejection(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }
    }

    private final ActorContext<Command> context;
    private final Database database;
    private final SecretFiles secrets;
    private final FastTokenFiles fastTokens;
    private final Clock clock;
    private final StoreHealth health;
    private final Ownership ownership;
    private Connection connection;

    private Store(ActorContext<Command> context, Database database, Connection connection, SecretFiles secrets,
                  FastTokenFiles fastTokens, Clock clock, StoreHealth health, Ownership ownership) {
        this.context = context;
        this.ownership = ownership;
        this.database = database;
        this.health = health;
        this.connection = connection;
        this.secrets = secrets;
        this.fastTokens = fastTokens;
        this.clock = clock;
    }

    /** Opens (creating if needed) {@code databaseFile}.mv.db and migrates it before the first command. */
    public static Behavior<Command> create(Path databaseFile, Path secretsDir, Clock clock) {
        return create(Database.h2(databaseFile), secretsDir, clock);
    }

    /** Opens {@code database} and migrates it before the first command. */
    public static Behavior<Command> create(Database database, Path secretsDir, Clock clock) {
        return create(database, secretsDir, clock, new StoreHealth(clock));
    }

    /** As {@link #create(Database, Path, Clock)}, reporting each write's outcome to {@code health} (for status). */
    public static Behavior<Command> create(Database database, Path secretsDir, Clock clock, StoreHealth health) {
        return create(database, secretsDir, clock, health, Ownership.single());
    }

    /** As above, as a cluster node when {@code ownership} names one (see {@link Ownership}). */
    public static Behavior<Command> create(Database database, Path secretsDir, Clock clock, StoreHealth health,
                                           Ownership ownership) {
        return Behaviors.setup(context -> {
            Connection connection = database.open();
            List<Integer> applied = Migrations.apply(connection);
            if (!applied.isEmpty()) {
                context.getLog().info("database {} migrated to schema version {}", database.describe(),
                        applied.getLast());
            }
            return new Store(context, database, connection, new SecretFiles(secretsDir),
                    new FastTokenFiles(secretsDir.resolveSibling("fast-tokens")), clock, health, ownership).running();
        });
    }

    /** H2 in embedded file mode; the data dir is created 0700 as it holds the archive. See {@link DatabaseFile}. */
    public static Connection open(Path databaseFile) {
        return DatabaseFile.open(databaseFile);
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(AddAccount.class, this::onAddAccount)
                .onMessage(RemoveAccount.class, this::onRemoveAccount)
                .onMessage(SetEnabled.class, this::onSetEnabled)
                .onMessage(SyncDeclared.class, this::onSyncDeclared)
                .onMessage(ListAccounts.class, this::onListAccounts)
                .onMessage(LoadAccount.class, this::onLoadAccount)
                .onMessage(ReplaceRoster.class, m -> write(m.replyTo(), c -> {
                    existing(c, m.account());
                    RosterTable.replace(c, m.account(), m.items(), m.version());
                }))
                .onMessage(ApplyRosterPush.class, m -> write(m.replyTo(), c -> {
                    existing(c, m.account());
                    RosterTable.push(c, m.account(), m.item(), m.version());
                }))
                .onMessage(ReplaceBlocklist.class, m -> write(m.replyTo(), c -> {
                    existing(c, m.account());
                    BlocklistTable.replace(c, m.account(), m.jids());
                }))
                .onMessage(ApplyBlockPush.class, this::onApplyBlockPush)
                .onMessage(SaveSm.class, m -> write(m.replyTo(), c -> {
                    ownership.check(c, m.account());
                    SmStateTable.save(c, m.account(), m.state());
                }))
                .onMessage(LoadSm.class, this::onLoadSm)
                .onMessage(DeleteSm.class, m -> write(m.replyTo(), c -> {
                    ownership.check(c, m.account());
                    SmStateTable.delete(c, m.account());
                }))
                .onMessage(ReplaceDisco.class, m -> write(m.replyTo(), c -> {
                    existing(c, m.account());
                    DiscoTable.replace(c, m.account(), m.entries());
                }))
                .onMessage(LoadFast.class, this::onLoadFast)
                .onMessage(SaveFast.class, this::onSaveFast)
                .onSignal(PostStop.class, signal -> close())
                .build();
    }

    private Behavior<Command> onAddAccount(AddAccount m) {
        return write(m.replyTo(), c -> {
            if (AccountTable.find(c, m.account().jid()).isPresent()) {
                throw new Rejection(Failure.ACCOUNT_EXISTS, "account " + m.account().jid() + " already exists");
            }
            AccountSettings account = m.account();
            if (m.secret().isPresent()) {
                Path file = secrets.write(account.jid(), m.secret().get());
                account = withPassword(account, new PasswordSource.Stored(file));
            }
            try {
                AccountTable.insert(c, account, clock.instant());
            } catch (SQLException e) {
                secrets.delete(account.jid());
                throw e;
            }
        });
    }

    private Behavior<Command> onRemoveAccount(RemoveAccount m) {
        return write(m.replyTo(), c -> {
            runtimeAccount(c, m.jid(), "removed");
            AccountTable.delete(c, m.jid());
            secrets.delete(m.jid());
            fastTokens.delete(m.jid());
        });
    }

    private Behavior<Command> onSetEnabled(SetEnabled m) {
        return write(m.replyTo(), c -> {
            AccountSettings account = runtimeAccount(c, m.jid(), m.enabled() ? "enabled" : "disabled");
            AccountTable.update(c, account.withEnabled(m.enabled()));
        });
    }

    private Behavior<Command> onSyncDeclared(SyncDeclared m) {
        if (ownership.node().isPresent()) {
            return write(m.replyTo(), c -> ClusterClaims.syncDeclared(c, ownership.node().get(), m.declared(),
                    clock.instant(), context.getLog()));
        }
        return write(m.replyTo(), c -> {
            List<String> declaredJids = m.declared().stream().map(AccountSettings::jid).toList();
            for (AccountTable.Row row : AccountTable.all(c)) {
                AccountSettings old = row.settings();
                if (old.declared() && !declaredJids.contains(old.jid())) {
                    AccountTable.update(c, old.undeclared());
                    context.getLog().info("account {} is no longer in the config: disabled, archive kept", old.jid());
                }
            }
            for (AccountSettings a : m.declared()) {
                AccountTable.declare(c, a, clock.instant());
            }
        });
    }

    private Behavior<Command> onListAccounts(ListAccounts m) {
        try {
            connection = DatabaseFile.alive(connection, database);
            List<AccountSettings> accounts = AccountTable.all(connection).stream().map(AccountTable.Row::settings).toList();
            connection.commit();
            m.replyTo().tell(new AccountList(accounts));
        } catch (SQLException | RuntimeException e) {
            DatabaseFile.dropIfDead(connection, e);
            context.getLog().error("listing accounts failed", e);
            m.replyTo().tell(new AccountList(List.of()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onLoadAccount(LoadAccount m) {
        try {
            Optional<AccountState> state = Optional.empty();
            connection = DatabaseFile.alive(connection, database);
            Optional<AccountTable.Row> row = AccountTable.find(connection, m.jid());
            if (row.isPresent()) {
                state = Optional.of(new AccountState(row.get().settings(), row.get().created(),
                        RosterTable.items(connection, m.jid()), RosterTable.version(connection, m.jid()),
                        BlocklistTable.jids(connection, m.jid()), DiscoTable.entries(connection, m.jid())));
            }
            connection.commit();
            m.replyTo().tell(new Loaded(state));
        } catch (SQLException | RuntimeException e) {
            DatabaseFile.dropIfDead(connection, e);
            context.getLog().error("loading account {} failed", m.jid(), e);
            m.replyTo().tell(new Loaded(Optional.empty()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onLoadSm(LoadSm m) {
        Optional<SmState> state = Optional.empty();
        try {
            connection = DatabaseFile.alive(connection, database);
            state = SmStateTable.load(connection, m.account());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            DatabaseFile.dropIfDead(connection, e);
            context.getLog().error("loading the stream management state of {} failed", m.account(), e);
        }
        m.replyTo().tell(new SmLoaded(state));
        return Behaviors.same();
    }

    private Behavior<Command> onLoadFast(LoadFast m) {
        Optional<FastTokenFiles.FastCredential> credential = Optional.empty();
        if (ownership.node().isPresent()) {
            // A token file would stay on the node that got it: in a cluster every node logs in with the password.
            m.replyTo().tell(new FastLoaded(credential));
            return Behaviors.same();
        }
        try {
            credential = fastTokens.read(m.account());
        } catch (IOException | RuntimeException e) {
            context.getLog().warn("cannot read the FAST token of {} ({}); logging in with the password", m.account(),
                    e.getClass().getSimpleName());
        }
        m.replyTo().tell(new FastLoaded(credential));
        return Behaviors.same();
    }

    private Behavior<Command> onSaveFast(SaveFast m) {
        if (ownership.node().isPresent()) {
            return Behaviors.same();
        }
        try {
            fastTokens.write(m.account(), m.credential());
        } catch (IOException | RuntimeException e) {
            context.getLog().warn("cannot store the FAST token of {} ({}); the next login uses the password",
                    m.account(), e.getClass().getSimpleName());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onApplyBlockPush(ApplyBlockPush m) {
        return write(m.replyTo(), c -> {
            existing(c, m.account());
            if (m.unblockAll()) {
                BlocklistTable.unblockAll(c, m.account());
            }
            BlocklistTable.unblock(c, m.account(), m.unblocked());
            BlocklistTable.block(c, m.account(), m.blocked());
        });
    }

    private Behavior<Command> write(ActorRef<Result> replyTo, Work work) {
        return write(replyTo, work, true);
    }

    private Behavior<Command> write(ActorRef<Result> replyTo, Work work, boolean mayRetry) {
        Result result;
        try {
            connection = DatabaseFile.alive(connection, database);
            work.run(connection);
            connection.commit();
            health.wrote();
            result = Done.INSTANCE;
        } catch (Rejection r) {
            rollback();
            result = new Failed(r.failure, r.getMessage());
        } catch (SQLException | IOException | RuntimeException e) {
            rollback();
            DatabaseFile.dropIfDead(connection, e);
            if (mayRetry && DatabaseFile.connectionLost(e)) {
                context.getLog().warn("the database connection was lost ({}); trying once more on a new one",
                        DatabaseFile.describe(e));
                database.connectionLost();
                return write(replyTo, work, false);
            }
            context.getLog().error("store write failed", e);
            health.failed(DatabaseFile.describe(e));
            result = new Failed(Failure.STORAGE, "storage error: " + DatabaseFile.describe(e));
        }
        replyTo.tell(result);
        return Behaviors.same();
    }

    private static AccountSettings existing(Connection c, String jid) throws SQLException {
        return AccountTable.find(c, jid).map(AccountTable.Row::settings)
                .orElseThrow(() -> new Rejection(Failure.UNKNOWN_ACCOUNT, "no account " + jid));
    }

    private static AccountSettings runtimeAccount(Connection c, String jid, String verb) throws SQLException {
        AccountSettings account = existing(c, jid);
        if (account.declared()) {
            throw new Rejection(Failure.READ_ONLY, "account " + jid + " is declared in the config file and cannot be "
                    + verb + " at runtime; edit the config and restart xmppd");
        }
        return account;
    }

    private static AccountSettings withPassword(AccountSettings a, PasswordSource password) {
        return new AccountSettings(a.jid(), a.enabled(), a.host(), a.port(), a.directTls(), a.trustedCert(),
                a.pinSha256(), a.resource(), password, a.presence(), a.declared());
    }

    private void rollback() {
        DatabaseFile.rollback(connection, context.getLog());
    }

    private Behavior<Command> close() {
        DatabaseFile.close(connection, context.getLog(), "closing the database failed");
        return Behaviors.same();
    }
}
