package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xmppctl search TEXT [--account A] [--with JID]}: full-text search, newest first. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Finds archived messages containing every word of TEXT (case and accents as typed do not"
                + " matter), newest first, across all accounts unless --account is given."})
final class SearchCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "TEXT", description = "the words to find")
    private List<String> text;

    @Option(names = "--account", paramLabel = "A", description = "only this account's archive")
    private String account;

    @Option(names = "--with", paramLabel = "JID", description = "only the conversation with this contact or room")
    private String with;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N messages (default 50)")
    private int limit;

    @Override
    public Integer call() {
        ObjectNode params = control.params().put("text", String.join(" ", text)).put("limit", limit);
        HistoryCommand.putIfGiven(params, "account", account);
        HistoryCommand.putIfGiven(params, "with", with);
        JsonNode result = control.call("search", params);
        control.show(result, out -> MessageLines.print(result.path("messages"), out, account == null));
        return Xmppctl.EXIT_OK;
    }
}
