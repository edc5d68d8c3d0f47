package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xmppctl sync [ACCOUNT]}: starts a catch-up (or joins the running one) and returns when caught up; on a
 * terminal a progress line on stderr shows messages fetched, pages, the rate and, when the server counts, the total.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Catches up the archive of ACCOUNT (default: every enabled account) with the server's (MAM)",
                "and returns when it is complete. Exit code 1 when an account could not be synced."})
final class SyncCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACCOUNT", description = "the account; default all")
    private String account;

    @Override
    public Integer call() {
        ObjectNode params = control.params();
        HistoryCommand.putIfGiven(params, "account", account);
        boolean progress = !control.json() && control.environment().terminal().isPresent();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        JsonNode result = control.stream("sync", params, note -> {
            if (progress) {
                err.print("\r" + progressLine(note, System.nanoTime() - started) + "\033[K");
                err.flush();
            }
        }, ControlClient.Idle.BETWEEN_LINES);
        if (progress) {
            err.print("\r\033[K");
            err.flush();
        }
        control.show(result, out -> result.path("accounts").forEach(a -> out.println(summary(a))));
        boolean failed = false;
        for (JsonNode a : result.path("accounts")) {
            failed |= !a.path("state").asText().equals("caught-up");
        }
        return failed ? Xmppctl.EXIT_FAILED : Xmppctl.EXIT_OK;
    }

    private static final int BAR = 20;

    /**
     * {@code alice@example.org lounge@conference.example.org: [#####---------------] 24% 1200/5000 fetched, 5 pages,
     * 600 msg/s, 7 s left}; without a total from the server (RSM count), the counts and the rate only.
     */
    static String progressLine(JsonNode note, long elapsedNanos) {
        long fetched = note.path("fetched").asLong();
        double seconds = Math.max(elapsedNanos / 1e9, 0.001);
        long rate = Math.round(fetched / seconds);
        String archive = note.path("archive").asText();
        String where = archive.equals(note.path("account").asText()) ? archive : note.path("account").asText() + " "
                + archive;
        String counts = fetched + " fetched, " + note.path("pages").asInt() + " pages, " + rate + " msg/s";
        if (!note.has("total") || note.path("total").asLong() <= 0) {
            return where + ": " + counts;
        }
        long total = note.path("total").asLong();
        double done = Math.min(1.0, (double) fetched / total);
        int filled = (int) Math.floor(done * BAR);
        String bar = "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + (int) Math.floor(done * 100) + "% ";
        String left = rate > 0 && fetched < total ? ", " + Math.round((total - fetched) / (double) rate) + " s left" : "";
        return where + ": " + bar + fetched + "/" + total + " fetched, " + note.path("pages").asInt() + " pages, "
                + rate + " msg/s" + left;
    }

    static String summary(JsonNode a) {
        if (a.path("state").asText().equals("caught-up")) {
            return a.path("jid").asText() + ": caught up (" + a.path("fetched").asLong() + " fetched, "
                    + a.path("stored").asLong() + " new, " + a.path("pages").asInt() + " pages"
                    + (a.has("ms") ? " in " + a.path("ms").asLong() + " ms" : "") + ")";
        }
        return a.path("jid").asText() + ": not synced: " + a.path("error").asText();
    }
}
