package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl disco ACCOUNT}: what the account's server and its services said about themselves (XEP-0030). */
@Command(name = "disco", mixinStandardHelpOptions = true,
        description = "Shows the identities and features of the account's server and services, as last discovered.")
final class DiscoCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Override
    public Integer call() {
        return control.callAndShow("disco", control.params().put("account", account), DiscoCommand::render);
    }

    static void render(JsonNode result, PrintWriter out) {
        JsonNode entities = result.path("entities");
        if (entities.isEmpty()) {
            out.println("nothing discovered for " + result.path("account").asText() + " yet; it fills in at login");
            return;
        }
        boolean first = true;
        for (JsonNode entity : entities) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(entity.path("jid").asText() + Json.text(entity, "node").map(n -> " node " + n).orElse("")
                    + Json.text(entity, "fetchedAt").map(t -> "  (fetched " + t + ")").orElse(""));
            for (JsonNode identity : entity.path("identities")) {
                out.println("  identity  " + identity.path("category").asText() + "/" + identity.path("type").asText()
                        + Json.text(identity, "name").map(n -> "  " + n).orElse(""));
            }
            List<String> features = new ArrayList<>();
            entity.path("features").forEach(f -> features.add(f.asText()));
            features.stream().sorted().forEach(f -> out.println("  feature   " + f));
        }
    }
}
