package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl blocklist ACCOUNT}: the blocked JIDs, one a line (XEP-0191). */
@Command(name = "blocklist", mixinStandardHelpOptions = true,
        description = "Lists the JIDs the account blocks (as last synchronised), one a line.")
final class BlocklistCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Override
    public Integer call() {
        return control.callAndShow("blocklist", control.params().put("account", account), BlocklistCommand::render);
    }

    static void render(JsonNode result, PrintWriter out) {
        JsonNode blocked = result.path("blocked");
        if (blocked.isEmpty()) {
            out.println(result.path("account").asText() + " blocks nobody");
            return;
        }
        blocked.forEach(jid -> out.println(jid.asText()));
    }
}
