package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xmppctl account list}: the configured accounts (never their passwords, only where they come from). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the accounts and how they are set up.")
final class AccountListCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Override
    public Integer call() {
        return control.callAndShow("account.list", control.params(), AccountListCommand::render);
    }

    static void render(JsonNode result, PrintWriter out) {
        JsonNode accounts = result.path("accounts");
        if (accounts.isEmpty()) {
            out.println("no accounts; add one with 'xmppctl account add JID'");
            return;
        }
        Table table = new Table("JID", "ENABLED", "FROM", "PASSWORD", "SERVER", "TLS", "TRUST");
        for (JsonNode a : accounts) {
            String server = Json.text(a, "host").map(h -> h + Json.text(a, "port").map(p -> ":" + p).orElse(""))
                    .or(() -> Json.text(a, "port").map(p -> "(SRV):" + p))
                    .orElse("(SRV)");
            String trust = Json.text(a, "trustedCert").or(() -> Json.text(a, "pin").map(p -> "pin " + p))
                    .orElse("system CAs");
            table.row(a.path("jid").asText(), a.path("enabled").asBoolean() ? "yes" : "no",
                    a.path("declared").asBoolean() ? "config" : "runtime", Json.text(a, "password").orElse(null),
                    server, a.path("directTls").asBoolean() ? "direct" : "starttls", trust);
        }
        table.print(out);
    }
}
