package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.account.Accounts;
import dev.xmppd.daemon.archive.ArchiveEvents;
import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.archive.ArchiveWiring;
import dev.xmppd.daemon.store.ArchiveStore;
import dev.xmppd.daemon.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The archive over the control socket: {@code sync} (progress notifications, answers when caught up), {@code history},
 * {@code search}, {@code export} (streamed as {@code export.chunk} notifications, page by page from the database),
 * {@code tail} (live {@code tail.message} / {@code tail.state} notifications until the client hangs up), and the
 * {@code archive} part of {@code status}.
 */
public final class ArchiveMethods {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A catch-up of a large archive takes minutes; the client's connection bounds the wait, not this. */
    private static final Duration SYNC_TIMEOUT = Duration.ofHours(12);
    private static final int EXPORT_PAGE = 500;
    private static final int DEFAULT_LIMIT = 50;

    private final ActorRef<Accounts.Command> accounts;
    private final ActorRef<ArchiveStore.Command> store;
    private final ArchiveEvents events;
    private final Scheduler scheduler;

    public ArchiveMethods(ActorRef<Accounts.Command> accounts, ArchiveWiring archive, Scheduler scheduler) {
        this.accounts = accounts;
        this.store = archive.store();
        this.events = archive.events();
        this.scheduler = scheduler;
    }

    public Map<String, ControlMethod> methods() {
        return Map.of(
                "history", (p, n) -> history(p),
                "search", (p, n) -> search(p),
                "export", this::export,
                "sync", this::sync,
                "tail", this::tail);
    }

    /** {@code status} with an {@code archive} object per account: {messages, lastStanzaId, syncing}. */
    public ControlMethod withArchiveStatus(ControlMethod status) {
        return (params, notifier) -> status.call(params, notifier).thenCompose(result -> {
            List<String> jids = new ArrayList<>();
            result.path("accounts").forEach(a -> jids.add(a.path("jid").asText()));
            // A failing store (a full disk) must not take status with it: the accounts are shown without their
            // archive numbers, and the daemon-level "store" field says what is wrong.
            CompletionStage<ArchiveStore.SummaryResult> asked = ask(r -> new ArchiveStore.Summarize(jids, r));
            return asked.handle((summary, error) -> {
                Map<String, ArchiveStore.Summary> byAccount = summary instanceof ArchiveStore.Summaries summaries
                        ? summaries.accounts() : Map.of();
                result.path("accounts").forEach(a -> {
                    ArchiveStore.Summary s = byAccount.get(a.path("jid").asText());
                    if (s != null && a instanceof ObjectNode account) {
                        account.putObject("archive").put("messages", s.messages())
                                .put("lastStanzaId", s.lastStanzaId().orElse(null)).put("syncing", s.syncing());
                    }
                });
                return (JsonNode) result;
            });
        });
    }

    private CompletionStage<JsonNode> history(Params p) {
        String account = p.bareJid("account");
        Optional<String> with = p.optionalString("with").map(w -> p.jid("with").bare().toString());
        Optional<Instant> since = p.optionalString("since").map(t -> instant("since", t));
        Optional<Instant> until = p.optionalString("until").map(t -> instant("until", t));
        int limit = limit(p);
        return this.<ArchiveStore.QueryResult>ask(r -> new ArchiveStore.History(account, with, since, until, limit, r))
                .thenApply(ArchiveMethods::messages);
    }

    private CompletionStage<JsonNode> search(Params p) {
        String text = p.string("text");
        if (text.isBlank()) {
            throw ControlError.invalidParams("param 'text' is empty: give a word to search for");
        }
        Optional<String> account = p.optionalString("account").map(a -> p.bareJid("account"));
        Optional<String> with = p.optionalString("with").map(w -> p.jid("with").bare().toString());
        int limit = limit(p);
        return this.<ArchiveStore.QueryResult>ask(r -> new ArchiveStore.Search(text, account, with, limit, r))
                .thenApply(ArchiveMethods::messages);
    }

    private CompletionStage<JsonNode> export(Params p, Notifier notifier) {
        String account = p.bareJid("account");
        String format = p.optionalString("format").orElse("jsonl");
        if (!format.equals("jsonl") && !format.equals("xml")) {
            throw ControlError.invalidParams("format must be jsonl or xml, not '" + format + "'");
        }
        boolean xml = format.equals("xml");
        if (xml) {
            chunk(notifier, MessageViews.xmlHeader(account));
        }
        return exportFrom(account, Optional.empty(), xml, notifier, 0).thenApply(count -> {
            if (xml) {
                chunk(notifier, MessageViews.xmlFooter());
            }
            return JsonRpc.MAPPER.createObjectNode().put("account", account).put("format", format)
                    .put("messages", count);
        });
    }

    /**
     * One page at a time: the next is read only after this one was written to the client, so a slow reader holds the
     * export back instead of the daemon queueing the whole archive in memory.
     */
    private CompletionStage<Long> exportFrom(String account, Optional<StoredMessage> after, boolean xml,
                                            Notifier notifier, long count) {
        return this.<ArchiveStore.QueryResult>ask(r -> new ArchiveStore.ExportPage(account, after, EXPORT_PAGE, r))
                .thenCompose(result -> {
                    List<StoredMessage> page = switch (result) {
                        case ArchiveStore.Messages m -> m.messages();
                        case ArchiveStore.Failed f -> throw storageError(f);
                    };
                    if (page.isEmpty()) {
                        return CompletableFuture.completedFuture(count);
                    }
                    chunk(notifier, xml ? MessageViews.xmlItems(page) : MessageViews.jsonLines(page));
                    return notifier.written().thenCompose(written ->
                            exportFrom(account, Optional.of(page.getLast()), xml, notifier, count + page.size()));
                });
    }

    private static void chunk(Notifier notifier, String data) {
        notifier.notify("export.chunk", JsonRpc.MAPPER.createObjectNode().put("data", data));
    }

    private CompletionStage<JsonNode> sync(Params p, Notifier notifier) {
        Optional<String> only = p.optionalString("account").map(a -> p.bareJid("account"));
        CompletionStage<List<String>> targets = only.<CompletionStage<List<String>>>map(a ->
                        CompletableFuture.completedFuture(List.of(a)))
                .orElseGet(() -> AskPattern.<Accounts.Command, Accounts.StatusReport>ask(accounts,
                        Accounts.GetStatus::new, TIMEOUT, scheduler).thenApply(report -> report.accounts().stream()
                        .filter(s -> s.state() != Accounts.AccountState.DISABLED).map(Accounts.AccountStatus::jid)
                        .toList()));
        AutoCloseable subscription = events.subscribe(event -> {
            if (event instanceof ArchiveEvents.SyncProgress progress
                    && only.map(a -> a.equals(progress.account())).orElse(true)) {
                ObjectNode note = JsonRpc.MAPPER.createObjectNode().put("account", progress.account())
                        .put("archive", progress.archive()).put("fetched", progress.fetched())
                        .put("stored", progress.stored()).put("pages", progress.pages());
                progress.total().ifPresent(t -> note.put("total", t));
                notifier.notify("sync.progress", note);
            }
        });
        notifier.onClose(() -> close(subscription));
        return targets.thenCompose(jids -> {
            List<CompletableFuture<ArchiveSync.SyncReply>> replies = jids.stream().map(jid ->
                    AskPattern.<Accounts.Command, ArchiveSync.SyncReply>ask(accounts,
                            r -> new Accounts.SyncArchive(jid, r), SYNC_TIMEOUT, scheduler).toCompletableFuture()).toList();
            return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(done -> {
                close(subscription);
                ObjectNode result = JsonRpc.MAPPER.createObjectNode();
                ArrayNode array = result.putArray("accounts");
                boolean all = true;
                for (CompletableFuture<ArchiveSync.SyncReply> reply : replies) {
                    switch (reply.join()) {
                        case ArchiveSync.CaughtUp c -> array.addObject().put("jid", c.account()).put("state", "caught-up")
                                .put("fetched", c.fetched()).put("stored", c.stored()).put("pages", c.pages())
                                .put("ms", c.elapsed().toMillis());
                        case ArchiveSync.NotSynced n -> {
                            all = false;
                            array.addObject().put("jid", n.account()).put("state", "failed").put("error", n.reason());
                        }
                    }
                }
                if (only.isPresent() && !all) {
                    throw new ControlError(ControlError.NOT_ONLINE, "sync of " + only.get() + " failed: "
                            + array.get(0).path("error").asText());
                }
                return (JsonNode) result;
            });
        });
    }

    private CompletionStage<JsonNode> tail(Params p, Notifier notifier) {
        Optional<String> only = p.optionalString("account").map(a -> p.bareJid("account"));
        AutoCloseable subscription = events.subscribe(event -> {
            if (only.isPresent() && !only.get().equals(event.account())) {
                return;
            }
            switch (event) {
                case ArchiveEvents.MessageStored stored -> {
                    ObjectNode note = JsonRpc.MAPPER.createObjectNode().put("account", stored.account());
                    note.set("message", MessageViews.message(stored.message()));
                    notifier.notify("tail.message", note);
                }
                case ArchiveEvents.StateChanged changed -> notifier.notify("tail.state", JsonRpc.MAPPER
                        .createObjectNode().put("account", changed.account()).put("state", changed.state())
                        .put("error", changed.error().orElse(null)));
                case ArchiveEvents.SyncProgress progress -> {
                }
            }
        });
        CompletableFuture<JsonNode> never = new CompletableFuture<>();
        notifier.onClose(() -> close(subscription));
        return never;
    }

    private <R> CompletionStage<R> ask(Function<ActorRef<R>, ArchiveStore.Command> command) {
        return AskPattern.ask(store, command::apply, TIMEOUT, scheduler);
    }

    private static JsonNode messages(ArchiveStore.QueryResult result) {
        return switch (result) {
            case ArchiveStore.Messages m -> MessageViews.messages(m.messages());
            case ArchiveStore.Failed f -> throw storageError(f);
        };
    }

    private static ControlError storageError(ArchiveStore.Failed failed) {
        return new ControlError(ControlError.STORAGE_ERROR, failed.message());
    }

    private static int limit(Params p) {
        int limit = p.optionalInt("limit").orElse(DEFAULT_LIMIT);
        if (limit < 1 || limit > 100_000) {
            throw ControlError.invalidParams("limit must be 1..100000, not " + limit);
        }
        return limit;
    }

    /** ISO-8601 instant ({@code 2024-03-01T10:00:00Z}) or date ({@code 2024-03-01}, midnight UTC). */
    static Instant instant(String name, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ControlError.invalidParams("param '" + name + "' must be an ISO-8601 date or time like 2024-03-01"
                    + " or 2024-03-01T10:00:00Z, not '" + text + "'");
        }
    }

    private static void close(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
