package dev.xmppd.daemon.account;

import dev.xmppd.daemon.archive.ArchiveEvents;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.cluster.ClusterMessage;
import dev.xmppd.daemon.archive.ArchiveWiring;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.PresenceSettings;
import dev.xmppd.daemon.login.LoginSummary;
import dev.xmppd.daemon.sm.SmStatus;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.protocol.jid.Jid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The supervisor of all accounts: one {@link Account} child per bare JID, each under restart-with-backoff
 * supervision so that a bug in one account's handling restarts that account only. It keeps the last
 * status each child published, so {@code status} answers at once, and routes requests by account.
 */
public final class Accounts {

    public sealed interface Command {
    }

    /** Crosses nodes in a cluster (a request forwarded to the account's node answers from there). */
    public sealed interface Outcome extends ClusterMessage permits Done, Rejected {
    }

    public enum Done implements Outcome { INSTANCE }

    /** {@code message} is shown to the user as-is. */
    public record Rejected(Reason reason, String message) implements Outcome {
    }

    public enum Reason { UNKNOWN_ACCOUNT, NOT_ONLINE, TIMEOUT, SERVER_ERROR }

    public enum AccountState { DISABLED, OFFLINE, CONNECTING, NEGOTIATING, ONLINE, RESUMING, BACKOFF, AUTH_FAILED, ERROR }

    /**
     * @param sm          XEP-0198 stream management, once the account has had a session
     * @param clientState the XEP-0352 state announced (or to announce) to the server: active or inactive
     */
    public record AccountStatus(String jid, AccountState state, Optional<String> boundJid, Optional<String> server,
                                List<String> features, Optional<String> lastError, Instant since,
                                Optional<SmStatus> sm, Optional<ClientState> clientState,
                                Optional<LoginSummary> login) {
        public AccountStatus {
            features = List.copyOf(features);
        }

        public AccountStatus(String jid, AccountState state, Optional<String> boundJid, Optional<String> server,
                             List<String> features, Optional<String> lastError, Instant since) {
            this(jid, state, boundJid, server, features, lastError, since, Optional.empty(), Optional.empty(),
                    Optional.empty());
        }

        AccountStatus withStream(SmStatus smStatus, ClientState client) {
            return new AccountStatus(jid, state, boundJid, server, features, lastError, since, Optional.of(smStatus),
                    Optional.of(client), login);
        }

        /** The last login's path and time (XEP-0388 quick login or classic). */
        AccountStatus withLogin(Optional<LoginSummary> last) {
            return new AccountStatus(jid, state, boundJid, server, features, lastError, since, sm, clientState, last);
        }
    }

    public record GetStatus(ActorRef<StatusReport> replyTo) implements Command {
    }

    public record StatusReport(List<AccountStatus> accounts) {
        public StatusReport {
            accounts = List.copyOf(accounts);
        }
    }

    /** Starts (or restarts with new settings) an account; clears auth-failed. */
    public record Start(AccountSettings account, ActorRef<Outcome> replyTo) implements Command {
    }

    /** Stops an account (disable): it says goodbye to its server and stays listed as disabled; Done once closed. */
    public record Stop(String jid, ActorRef<Outcome> replyTo) implements Command {
    }

    /** Stops an account like {@link Stop} and forgets it: it leaves {@code status}. */
    public record Remove(String jid, ActorRef<Outcome> replyTo) implements Command {
    }

    /**
     * A cluster node hands the account over to another: stopped like {@link Remove}, but its XEP-0198 session is left
     * on the server (with {@code xmppd.stream.resume-after-restart}) for the next node to resume.
     */
    public record Release(String jid, ActorRef<Outcome> replyTo) implements Command {
    }

    /**
     * A request for one online account. In a cluster it is forwarded to the node that runs the account, so it
     * carries its type name for Jackson.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({@JsonSubTypes.Type(value = Send.class, name = "send"),
            @JsonSubTypes.Type(value = SetPresence.class, name = "presence"),
            @JsonSubTypes.Type(value = RosterSet.class, name = "roster-set"),
            @JsonSubTypes.Type(value = RosterRemove.class, name = "roster-remove"),
            @JsonSubTypes.Type(value = Block.class, name = "block"),
            @JsonSubTypes.Type(value = Unblock.class, name = "unblock"),
            @JsonSubTypes.Type(value = SetClientState.class, name = "csi")})
    public sealed interface AccountRequest extends Command {
        String account();

        ActorRef<Outcome> replyTo();
    }

    /** A chat message (with an XEP-0359 origin-id). */
    public record Send(String account, String to, String body, ActorRef<Outcome> replyTo) implements AccountRequest {
    }

    public record SetPresence(String account, PresenceSettings presence, ActorRef<Outcome> replyTo)
            implements AccountRequest {
    }

    public record RosterSet(String account, String jid, Optional<String> name, ActorRef<Outcome> replyTo)
            implements AccountRequest {
    }

    public record RosterRemove(String account, String jid, ActorRef<Outcome> replyTo) implements AccountRequest {
    }

    public record Block(String account, String jid, ActorRef<Outcome> replyTo) implements AccountRequest {
    }

    public record Unblock(String account, String jid, ActorRef<Outcome> replyTo) implements AccountRequest {
    }

    /** XEP-0352 {@code xmppctl csi}: kept across reconnects; Done at once, also while offline (sent at login). */
    public record SetClientState(String account, ClientState state, ActorRef<Outcome> replyTo)
            implements AccountRequest {
    }

    /**
     * Catch up the account's archives ({@code xmppctl sync}): the reply comes when it is caught up, or at once when
     * the account is not running or not trying to be online.
     */
    public record SyncArchive(String account, ActorRef<ArchiveSync.SyncReply> replyTo) implements Command {
    }

    /** {@code watcher} hears the whole status at once and after every change (systemd's STATUS line). */
    public record Watch(ActorRef<StatusReport> watcher) implements Command {
    }

    /** Every account says goodbye to its server (shutdown); Done once all streams are closed. */
    public record StopAll(ActorRef<Outcome> replyTo) implements Command {
    }

    private enum ChildStopped implements Command { INSTANCE }

    /** Published by a child on every state change. */
    record StatusChanged(long incarnation, AccountStatus status) implements Command {
    }

    private record Child(ActorRef<Account.Command> ref, long incarnation) {
    }

    private final ActorContext<Command> context;
    private final ActorRef<Store.Command> store;
    private final AccountEnvironment env;
    private final ArchiveWiring archive;
    private final Map<String, Child> children = new HashMap<>();
    private final Map<String, AccountStatus> statuses = new HashMap<>();
    private final List<ActorRef<StatusReport>> watchers = new java.util.ArrayList<>();
    private long incarnations;

    private Accounts(ActorContext<Command> context, ActorRef<Store.Command> store, AccountEnvironment env,
                     ArchiveWiring archive) {
        this.context = context;
        this.store = store;
        this.env = env;
        this.archive = archive;
    }

    public static Behavior<Command> create(List<AccountSettings> accounts, ActorRef<Store.Command> store,
                                           AccountEnvironment env, ArchiveWiring archive) {
        return Behaviors.setup(ctx -> {
            Accounts supervisor = new Accounts(ctx, store, env, archive);
            accounts.forEach(supervisor::start);
            return supervisor.running();
        });
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(Start.class, this::onStart)
                .onMessage(Stop.class, m -> stop(m.jid(), m.replyTo(), true))
                .onMessage(Remove.class, m -> stop(m.jid(), m.replyTo(), false))
                .onMessage(Release.class, m -> stop(m.jid(), m.replyTo(), false, true))
                .onMessage(StatusChanged.class, this::onStatusChanged)
                .onMessage(Watch.class, this::onWatch)
                .onMessage(StopAll.class, this::onStopAll)
                .onMessage(Send.class, this::route)
                .onMessage(SetPresence.class, this::route)
                .onMessage(RosterSet.class, this::route)
                .onMessage(RosterRemove.class, this::route)
                .onMessage(Block.class, this::route)
                .onMessage(Unblock.class, this::route)
                .onMessage(SetClientState.class, this::route)
                .onMessage(SyncArchive.class, this::onSyncArchive)
                .onSignal(PostStop.class, signal -> {
                    if (env.ownsLoops()) {
                        env.loops().close();
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onGetStatus(GetStatus request) {
        request.replyTo().tell(report());
        return Behaviors.same();
    }

    private StatusReport report() {
        return new StatusReport(statuses.values().stream().sorted(Comparator.comparing(AccountStatus::jid)).toList());
    }

    private Behavior<Command> onWatch(Watch watch) {
        watchers.add(watch.watcher());
        watch.watcher().tell(report());
        return Behaviors.same();
    }

    private void changed(AccountStatus previous, AccountStatus now) {
        if (previous == null || previous.state() != now.state()) {
            StateLog.changed(context.getLog(), now);
        }
        StatusReport report = report();
        watchers.forEach(w -> w.tell(report));
    }

    /**
     * Shutdown: each child ends its stream, or keeps its session on the server for the next start to resume
     * (XEP-0198, {@code xmppd.stream.resume-after-restart}); we wait for all of them.
     */
    private Behavior<Command> onStopAll(StopAll stop) {
        ActorRef<Outcome> stopped = context.messageAdapter(Outcome.class, o -> ChildStopped.INSTANCE);
        int remaining = children.size();
        children.values().forEach(child -> child.ref().tell(new Account.Shutdown(Optional.of(stopped), true)));
        children.clear();
        return stopping(remaining, stop.replyTo());
    }

    private Behavior<Command> stopping(int remaining, ActorRef<Outcome> replyTo) {
        if (remaining == 0) {
            replyTo.tell(Done.INSTANCE);
            return running();
        }
        return Behaviors.receive(Command.class)
                .onMessage(ChildStopped.class, m -> stopping(remaining - 1, replyTo))
                .onMessage(GetStatus.class, this::onGetStatus)
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<Command> onStart(Start start) {
        start(start.account());
        start.replyTo().tell(Done.INSTANCE);
        return Behaviors.same();
    }

    private void start(AccountSettings settings) {
        String jid = key(settings.jid());
        Child previous = children.remove(jid);
        if (previous != null) {
            previous.ref().tell(new Account.Shutdown(Optional.empty()));
        }
        if (!settings.enabled()) {
            changed(statuses.put(jid, disabled(jid)), disabled(jid));
            return;
        }
        long incarnation = ++incarnations;
        Behavior<Account.Command> account = Behaviors.supervise(
                        Account.create(settings, incarnation, context.getSelf(), store, env, archive))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2));
        ActorRef<Account.Command> ref = context.spawn(account,
                "account-" + URLEncoder.encode(jid, StandardCharsets.UTF_8) + "-" + incarnation);
        children.put(jid, new Child(ref, incarnation));
        AccountStatus offline = new AccountStatus(jid, AccountState.OFFLINE, Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), env.clock().instant());
        changed(statuses.put(jid, offline), offline);
    }

    private Behavior<Command> stop(String account, ActorRef<Outcome> replyTo, boolean listedAsDisabled) {
        return stop(account, replyTo, listedAsDisabled, false);
    }

    private Behavior<Command> stop(String account, ActorRef<Outcome> replyTo, boolean listedAsDisabled,
                                   boolean keepSession) {
        String jid = key(account);
        Child child = children.remove(jid);
        if (listedAsDisabled) {
            changed(statuses.put(jid, disabled(jid)), disabled(jid));
            // For tail: the account's actor announces its own states, but it is stopping and says nothing more.
            archive.events().publish(new ArchiveEvents.StateChanged(jid, "disabled", Optional.empty()));
        } else if (statuses.remove(jid) != null) {
            StateLog.removed(context.getLog(), jid);
            watchers.forEach(w -> w.tell(report()));
        }
        if (child == null) {
            replyTo.tell(Done.INSTANCE);
        } else {
            child.ref().tell(new Account.Shutdown(Optional.of(replyTo), keepSession));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onStatusChanged(StatusChanged changed) {
        Child child = children.get(changed.status().jid());
        if (child != null && child.incarnation() == changed.incarnation()) {
            changed(statuses.put(changed.status().jid(), changed.status()), changed.status());
        }
        return Behaviors.same();
    }

    private Behavior<Command> route(AccountRequest request) {
        Child child = children.get(key(request.account()));
        if (child == null) {
            request.replyTo().tell(new Rejected(Reason.UNKNOWN_ACCOUNT,
                    "no running account " + request.account() + " (see xmppctl account list)"));
        } else {
            child.ref().tell(new Account.Request(request));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSyncArchive(SyncArchive sync) {
        Child child = children.get(key(sync.account()));
        if (child == null) {
            sync.replyTo().tell(new ArchiveSync.NotSynced(key(sync.account()), "no running account " + sync.account()
                    + " (see xmppctl account list)"));
        } else {
            child.ref().tell(new Account.SyncArchive(sync.replyTo()));
        }
        return Behaviors.same();
    }

    private AccountStatus disabled(String jid) {
        return new AccountStatus(jid, AccountState.DISABLED, Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), env.clock().instant());
    }

    /** The normalised bare JID, so "Alice@Example.org" and "alice@example.org" are one account. */
    static String key(String jid) {
        return Jid.tryParse(jid).map(j -> j.bare().toString()).orElse(jid);
    }
}
