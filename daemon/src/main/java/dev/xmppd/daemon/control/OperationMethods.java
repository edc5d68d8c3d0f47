package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.net.Transcript;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The daemon as a service: {@code shutdown}, {@code reload} (re-read the config file and apply account changes) and
 * {@code console} (an account's XML both ways, as notifications until the client disconnects).
 */
public final class OperationMethods {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ActorRef<Accounts.Command> accounts;
    private final ConsoleHub console;
    private final Runnable shutdown;
    private final Supplier<CompletionStage<ObjectNode>> reload;
    private final Scheduler scheduler;

    /**
     * @param reload re-reads the config and applies it; fails with {@link ControlError} (code
     *               {@link ControlError#CONFIG_INVALID}) when the file is wrong, changing nothing
     */
    public OperationMethods(ActorRef<Accounts.Command> accounts, ConsoleHub console, Runnable shutdown,
                            Supplier<CompletionStage<ObjectNode>> reload, Scheduler scheduler) {
        this.accounts = accounts;
        this.console = console;
        this.shutdown = shutdown;
        this.reload = reload;
        this.scheduler = scheduler;
    }

    public Map<String, ControlMethod> methods() {
        return Map.of(
                "shutdown", (p, n) -> {
                    shutdown.run();
                    return CompletableFuture.completedFuture(JsonRpc.MAPPER.createObjectNode().put("ok", true));
                },
                "reload", (p, n) -> reload.get(),
                "console", this::console);
    }

    /**
     * Never answers on its own: the call ends when the client closes the connection (or the daemon stops). Each
     * notification is {@code {"method":"console","params":{"request":ID,"account","direction":"sent|received",
     * "xml","at"}}}.
     */
    private CompletionStage<JsonNode> console(Params params, Notifier notifier) {
        String jid = params.bareJid("account");
        return AskPattern.<Accounts.Command, Accounts.StatusReport>ask(accounts, Accounts.GetStatus::new, TIMEOUT,
                scheduler).thenCompose(report -> {
                    if (report.accounts().stream().noneMatch(a -> a.jid().equals(jid))) {
                        throw new ControlError(ControlError.UNKNOWN_ACCOUNT, "no account " + jid
                                + " (see xmppctl account list)");
                    }
                    CompletableFuture<JsonNode> done = new CompletableFuture<>();
                    Runnable stop = console.watch(jid, entry -> notifier.notify("console", entry(jid, entry)));
                    notifier.onClose(() -> {
                        stop.run();
                        done.complete(JsonRpc.MAPPER.createObjectNode().put("ok", true));
                    });
                    return done;
                });
    }

    private static ObjectNode entry(String jid, Transcript.Entry entry) {
        return JsonRpc.MAPPER.createObjectNode()
                .put("account", jid)
                .put("direction", entry.direction().name().toLowerCase(Locale.ROOT))
                .put("xml", entry.xml())
                .put("at", entry.at().toString());
    }
}
