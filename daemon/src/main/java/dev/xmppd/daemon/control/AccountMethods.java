package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.config.PresenceSettings;
import dev.xmppd.daemon.config.Secret;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.protocol.stanza.Show;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Methods that need the running accounts: status, account add/remove/enable/disable (the Store first, then
 * {@link Accounts}), and the online actions (send, presence, roster and blocklist changes), which the account
 * carries out with its server.
 */
public final class AccountMethods {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ActorRef<Accounts.Command> accounts;
    private final ActorRef<Store.Command> store;
    private final Scheduler scheduler;
    private final boolean cluster;

    public AccountMethods(ActorRef<Accounts.Command> accounts, ActorRef<Store.Command> store, Scheduler scheduler) {
        this(accounts, store, scheduler, false);
    }

    /** {@code cluster}: a password is refused (its 0600 file would be on this node only). */
    public AccountMethods(ActorRef<Accounts.Command> accounts, ActorRef<Store.Command> store, Scheduler scheduler,
                          boolean cluster) {
        this.accounts = accounts;
        this.store = store;
        this.scheduler = scheduler;
        this.cluster = cluster;
    }

    public Map<String, ControlMethod> methods() {
        return Map.ofEntries(
                Map.entry("status", (p, n) -> status()),
                Map.entry("account.add", (p, n) -> add(p)),
                Map.entry("account.remove", (p, n) -> remove(p.bareJid("jid"))),
                Map.entry("account.enable", (p, n) -> setEnabled(p.bareJid("jid"), true)),
                Map.entry("account.disable", (p, n) -> setEnabled(p.bareJid("jid"), false)),
                Map.entry("send", (p, n) -> act(r -> new Accounts.Send(p.bareJid("account"), p.jid("to").toString(),
                        p.string("body"), r))),
                Map.entry("presence", (p, n) -> act(r -> new Accounts.SetPresence(p.bareJid("account"), presence(p), r))),
                Map.entry("roster.add", (p, n) -> act(r -> new Accounts.RosterSet(p.bareJid("account"),
                        p.jid("jid").toString(), p.optionalString("name"), r))),
                Map.entry("roster.remove", (p, n) -> act(r -> new Accounts.RosterRemove(p.bareJid("account"),
                        p.jid("jid").toString(), r))),
                Map.entry("block", (p, n) -> act(r -> new Accounts.Block(p.bareJid("account"), p.jid("jid").toString(), r))),
                Map.entry("unblock", (p, n) -> act(r -> new Accounts.Unblock(p.bareJid("account"), p.jid("jid").toString(), r))),
                Map.entry("csi", (p, n) -> act(r -> new Accounts.SetClientState(p.bareJid("account"), clientState(p), r))));
    }

    private CompletionStage<JsonNode> status() {
        return AskPattern.<Accounts.Command, Accounts.StatusReport>ask(accounts, Accounts.GetStatus::new, TIMEOUT, scheduler)
                .thenApply(AccountMethods::statusView);
    }

    public static ObjectNode statusView(Accounts.StatusReport report) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode();
        ArrayNode array = node.putArray("accounts");
        for (Accounts.AccountStatus s : report.accounts()) {
            ObjectNode a = array.addObject().put("jid", s.jid()).put("state", stateName(s.state()));
            a.put("boundJid", s.boundJid().orElse(null));
            a.put("server", s.server().orElse(null));
            ArrayNode features = a.putArray("features");
            s.features().forEach(features::add);
            a.put("lastError", s.lastError().orElse(null));
            a.put("since", s.since().toString());
            s.sm().ifPresent(sm -> a.set("sm", StreamViews.sm(sm)));
            s.clientState().ifPresent(c -> a.put("csi", StreamViews.clientState(c)));
            s.login().ifPresent(l -> a.putObject("login").put("path", l.path()).put("ms", l.took().toMillis()));
        }
        return node;
    }

    /** DESIGN.md spelling: lower case, '-' between words (auth-failed). */
    static String stateName(Accounts.AccountState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private CompletionStage<JsonNode> add(Params p) {
        String jid = p.bareJid("jid");
        List<String> given = new ArrayList<>();
        p.optionalString("password").ifPresent(x -> given.add("password"));
        p.optionalString("passwordFile").ifPresent(x -> given.add("passwordFile"));
        p.optionalString("passwordCommand").ifPresent(x -> given.add("passwordCommand"));
        if (given.size() != 1) {
            throw ControlError.invalidParams("give exactly one of password, passwordFile, passwordCommand (got "
                    + (given.isEmpty() ? "none" : String.join(", ", given)) + ")");
        }
        if (cluster && given.contains("password")) {
            throw ControlError.invalidParams("in a cluster give passwordFile or passwordCommand (readable on every"
                    + " node), not password: a stored password would be on this node only");
        }
        Optional<Secret> secret = p.optionalString("password").map(Secret::of);
        if (secret.isPresent() && secret.get().isEmpty()) {
            throw ControlError.invalidParams("the password is empty");
        }
        PasswordSource reference = p.optionalString("passwordFile")
                .<PasswordSource>map(f -> new PasswordSource.File(Path.of(f).toAbsolutePath()))
                .or(() -> p.optionalString("passwordCommand").map(PasswordSource.Command::new))
                .orElse(new PasswordSource.Stored(Path.of("pending"))); // the Store puts the real file path in
        Optional<Path> trustedCert = p.optionalString("trustedCert").map(c -> Path.of(c).toAbsolutePath());
        Optional<String> pin = p.optionalString("pin");
        if (trustedCert.isPresent() && pin.isPresent()) {
            throw ControlError.invalidParams("give trustedCert or pin, not both");
        }
        AccountSettings settings = new AccountSettings(jid, true, p.optionalString("host"), p.optionalPort("port"),
                p.bool("directTls"), trustedCert, pin, p.optionalString("resource"), reference,
                PresenceSettings.AVAILABLE, false);
        return storeWrite(r -> new Store.AddAccount(settings, secret, r))
                .thenCompose(done -> load(jid))
                .thenCompose(stored -> outcome(r -> new Accounts.Start(stored, r)).thenApply(done -> Views.account(stored)));
    }

    private CompletionStage<JsonNode> remove(String jid) {
        return load(jid).thenCompose(account -> {
            if (account.declared()) {
                return CompletableFuture.failedFuture(new ControlError(ControlError.READ_ONLY_ACCOUNT, "account " + jid
                        + " is declared in the config file; remove it there and restart xmppd"));
            }
            return outcome(r -> new Accounts.Remove(jid, r))
                    .thenCompose(done -> storeWrite(r -> new Store.RemoveAccount(jid, r)))
                    .thenApply(done -> (JsonNode) JsonRpc.MAPPER.createObjectNode().put("jid", jid).put("removed", true));
        });
    }

    private CompletionStage<JsonNode> setEnabled(String jid, boolean enabled) {
        return storeWrite(r -> new Store.SetEnabled(jid, enabled, r))
                .thenCompose(done -> load(jid))
                .thenCompose(account -> outcome(r -> enabled ? new Accounts.Start(account, r) : new Accounts.Stop(jid, r))
                        .thenApply(done -> Views.account(account)));
    }

    private static ClientState clientState(Params p) {
        String state = p.string("state");
        return StreamViews.parseClientState(state).orElseThrow(() ->
                ControlError.invalidParams("state must be active or inactive, not '" + state + "'"));
    }

    private static PresenceSettings presence(Params p) {
        String show = p.string("show").toLowerCase(Locale.ROOT);
        if (show.equals("online") || show.equals("available")) {
            show = "";
        } else if (Show.parse(show).isEmpty()) {
            throw ControlError.invalidParams("show must be online, away, chat, dnd or xa, not '" + p.string("show") + "'");
        }
        return new PresenceSettings(show, p.optionalString("status").orElse(""), 0);
    }

    private CompletionStage<JsonNode> act(Function<ActorRef<Accounts.Outcome>, Accounts.Command> request) {
        return outcome(request).thenApply(done -> Views.ok());
    }

    private CompletionStage<Accounts.Done> outcome(Function<ActorRef<Accounts.Outcome>, Accounts.Command> request) {
        return AskPattern.<Accounts.Command, Accounts.Outcome>ask(accounts, request::apply, TIMEOUT, scheduler)
                .thenCompose(outcome -> switch (outcome) {
                    case Accounts.Done done -> CompletableFuture.completedFuture(done);
                    case Accounts.Rejected rejected -> CompletableFuture.failedFuture(error(rejected));
                });
    }

    private CompletionStage<Store.Done> storeWrite(Function<ActorRef<Store.Result>, Store.Command> command) {
        return AskPattern.<Store.Command, Store.Result>ask(store, command::apply, TIMEOUT, scheduler)
                .thenCompose(result -> switch (result) {
                    case Store.Done done -> CompletableFuture.completedFuture(done);
                    case Store.Failed failed -> CompletableFuture.failedFuture(StoreMethods.error(failed));
                });
    }

    private CompletionStage<AccountSettings> load(String jid) {
        return AskPattern.<Store.Command, Store.Loaded>ask(store, r -> new Store.LoadAccount(jid, r), TIMEOUT, scheduler)
                .thenApply(loaded -> loaded.account().orElseThrow(() -> StoreMethods.unknownAccount(jid)).settings());
    }

    static ControlError error(Accounts.Rejected rejected) {
        int code = switch (rejected.reason()) {
            case UNKNOWN_ACCOUNT -> ControlError.UNKNOWN_ACCOUNT;
            case NOT_ONLINE -> ControlError.NOT_ONLINE;
            case TIMEOUT -> ControlError.TIMEOUT;
            case SERVER_ERROR -> ControlError.SERVER_ERROR;
        };
        return new ControlError(code, rejected.message());
    }
}
