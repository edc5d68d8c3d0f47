package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xmppctl status}: each account's connection state. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows each account's connection state.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Override
    public Integer call() {
        JsonNode result = control.call("status", control.params());
        control.show(result, out -> render(result, out));
        return Xmppctl.EXIT_OK;
    }

    static void render(JsonNode result, PrintWriter out) {
        JsonNode accounts = result.path("accounts");
        if (accounts.isEmpty()) {
            out.println("no accounts; add one with 'xmppctl account add JID'");
            return;
        }
        Table table = new Table("JID", "STATE", "BOUND JID", "SERVER", "SINCE", "LAST ERROR");
        for (JsonNode a : accounts) {
            table.row(a.path("jid").asText(), a.path("state").asText(), Json.text(a, "boundJid").orElse(null),
                    Json.text(a, "server").orElse(null), Json.text(a, "since").map(StatusCommand::since).orElse(null),
                    Json.text(a, "lastError").orElse(null));
        }
        table.print(out);
    }

    /** Seconds are enough to read; an unexpected format is shown as sent. */
    private static String since(String instant) {
        try {
            return Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return instant;
        }
    }
}
