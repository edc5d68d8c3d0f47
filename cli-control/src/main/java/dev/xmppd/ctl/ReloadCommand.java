package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xmppctl reload}: the daemon re-reads its config file (like SIGHUP) and applies account changes. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Re-reads the daemon's config file: added accounts log in, removed ones stop, changed ones",
                "log in again, untouched ones stay connected. A broken file changes nothing."})
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Override
    public Integer call() {
        JsonNode result = control.call("reload", control.params());
        control.show(result, out -> render(result, out));
        return Xmppctl.EXIT_OK;
    }

    static void render(JsonNode result, PrintWriter out) {
        for (String field : new String[] {"added", "removed", "changed"}) {
            for (JsonNode jid : result.path(field)) {
                out.println(field + " " + jid.asText());
            }
        }
        out.println("config reloaded: " + result.path("added").size() + " added, " + result.path("removed").size()
                + " removed, " + result.path("changed").size() + " changed, " + result.path("unchanged").size()
                + " unchanged");
        for (JsonNode key : result.path("restartNeeded")) {
            out.println("not applied until xmppd restarts: " + key.asText());
        }
    }
}
