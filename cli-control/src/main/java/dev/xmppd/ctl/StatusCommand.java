package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code xmppctl status}: each account's connection state; then, for accounts that have one, the stream: XEP-0198
 * session (id, resumable, stanzas handled in and sent out, unacknowledged, resumptions) and XEP-0352 client state;
 * then how each account last logged in: the path ({@code classic}, or {@code sasl2+bind2+fast} for the quick login
 * of XEP-0388/0386/0484) and how long it took. While the daemon's store fails to write (a full disk), a first line
 * says so, with the cause and since when.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows each account's connection state.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Override
    public Integer call() {
        return control.callAndShow("status", control.params(), StatusCommand::render);
    }

    static void render(JsonNode result, PrintWriter out) {
        renderStore(result.path("store"), out);
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
        renderStreams(accounts, out);
        renderLogins(accounts, out);
    }

    /** Only an error is shown: a working store is the normal case and needs no line. */
    private static void renderStore(JsonNode store, PrintWriter out) {
        if (!store.path("state").asText().equals("error")) {
            return;
        }
        out.println("store: error since " + Json.text(store, "since").map(StatusCommand::since).orElse("?") + ": "
                + Json.text(store, "error").orElse("unknown") + " (nothing new is stored until a write succeeds)");
        out.println();
    }

    private static void renderLogins(JsonNode accounts, PrintWriter out) {
        Table logins = new Table("JID", "LOGIN", "TIME");
        boolean any = false;
        for (JsonNode a : accounts) {
            JsonNode login = a.path("login");
            if (login.isObject()) {
                any = true;
                logins.row(a.path("jid").asText(), Json.text(login, "path").orElse(null),
                        login.path("ms").isNumber() ? login.path("ms").asText() + " ms" : null);
            }
        }
        if (any) {
            out.println();
            logins.print(out);
        }
    }

    private static void renderStreams(JsonNode accounts, PrintWriter out) {
        Table streams = new Table("JID", "SM ID", "RESUMABLE", "IN", "OUT", "UNACKED", "RESUMED", "CSI");
        boolean any = false;
        for (JsonNode a : accounts) {
            JsonNode sm = a.path("sm");
            if (sm.isMissingNode() && !a.has("csi")) {
                continue;
            }
            any = true;
            streams.row(a.path("jid").asText(), Json.text(sm, "id").orElse(null),
                    sm.isMissingNode() ? null : sm.path("resumable").asBoolean() ? "yes" : "no",
                    number(sm, "inbound"), number(sm, "outbound"), number(sm, "unacked"), number(sm, "resumptions"),
                    Json.text(a, "csi").orElse(null));
        }
        if (any) {
            out.println();
            streams.print(out);
        }
    }

    private static String number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asText() : null;
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
