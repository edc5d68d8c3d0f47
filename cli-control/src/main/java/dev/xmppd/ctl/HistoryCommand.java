package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xmppctl history ACCOUNT [--with JID] [--since T] [--until T] [--limit N]}: a conversation in time order. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Shows archived messages of an account in time order, oldest first.",
                "Without --since: the newest N messages (up to --until); with --since only: the first N from then on.",
                "Times are ISO-8601: 2024-03-01 (midnight UTC) or 2024-03-01T10:00:00Z."})
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Option(names = "--with", paramLabel = "JID", description = "only the conversation with this contact or room")
    private String with;

    @Option(names = "--since", paramLabel = "T", description = "messages at or after this time")
    private String since;

    @Option(names = "--until", paramLabel = "T", description = "messages at or before this time")
    private String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N messages (default 50)")
    private int limit;

    @Override
    public Integer call() {
        ObjectNode params = control.params().put("account", account).put("limit", limit);
        putIfGiven(params, "with", with);
        putIfGiven(params, "since", since);
        putIfGiven(params, "until", until);
        JsonNode result = control.call("history", params);
        control.show(result, out -> MessageLines.print(result.path("messages"), out, false));
        return Xmppctl.EXIT_OK;
    }

    static void putIfGiven(ObjectNode params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }
}
