package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.store.AccountState;
import dev.xmppd.daemon.store.Store;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Methods answered from the database alone, so they work while an account is offline: account.list, roster,
 * blocklist, disco (the account side keeps these tables current after each login and push).
 */
public final class StoreMethods {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ActorRef<Store.Command> store;
    private final Scheduler scheduler;

    public StoreMethods(ActorRef<Store.Command> store, Scheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
    }

    public Map<String, ControlMethod> methods() {
        return Map.of(
                "account.list", (params, notifier) -> list(),
                "roster", (params, notifier) -> load(params.bareJid("account"), Views::roster),
                "blocklist", (params, notifier) -> load(params.bareJid("account"), Views::blocklist),
                "disco", (params, notifier) -> load(params.bareJid("account"), Views::disco));
    }

    private CompletionStage<JsonNode> list() {
        return AskPattern.<Store.Command, Store.AccountList>ask(store, Store.ListAccounts::new, TIMEOUT, scheduler)
                .thenApply(reply -> Views.accounts(reply.accounts()));
    }

    private CompletionStage<JsonNode> load(String account, Function<AccountState, ObjectNode> view) {
        return AskPattern.<Store.Command, Store.Loaded>ask(store, replyTo -> new Store.LoadAccount(account, replyTo),
                        TIMEOUT, scheduler)
                .thenApply(reply -> view.apply(reply.account().orElseThrow(() -> unknownAccount(account))));
    }

    static ControlError unknownAccount(String account) {
        return new ControlError(ControlError.UNKNOWN_ACCOUNT, "no account " + account
                + "; see 'xmppctl account list', or add it with 'xmppctl account add " + account + "'");
    }

    /** Maps a Store failure to the control error the user sees. */
    static ControlError error(Store.Failed failed) {
        int code = switch (failed.failure()) {
            case UNKNOWN_ACCOUNT -> ControlError.UNKNOWN_ACCOUNT;
            case ACCOUNT_EXISTS -> ControlError.ACCOUNT_EXISTS;
            case READ_ONLY -> ControlError.READ_ONLY_ACCOUNT;
            case STORAGE -> ControlError.STORAGE_ERROR;
        };
        return new ControlError(code, failed.message());
    }
}
