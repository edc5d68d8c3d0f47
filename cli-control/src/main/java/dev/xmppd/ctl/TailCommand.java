package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl tail [ACCOUNT]}: messages as they are archived and account state changes, until interrupted. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Follows the archive: each message as it is stored, and each account state change, until",
                "interrupted (Ctrl-C). With --json, one JSON object per line."})
final class TailCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACCOUNT", description = "the account; default all")
    private String account;

    @Override
    public Integer call() {
        ObjectNode params = control.params();
        HistoryCommand.putIfGiven(params, "account", account);
        PrintWriter out = control.out();
        control.stream("tail", params, note -> {
            out.println(control.json() ? note.toString() : line(note));
            out.flush();
        }, ControlClient.Idle.FOREVER);
        return Xmppctl.EXIT_OK;
    }

    static String line(JsonNode note) {
        if (note.has("message")) {
            return MessageLines.line(note.path("message"), Json.text(note, "account"));
        }
        return "[" + note.path("account").asText() + "] " + note.path("state").asText()
                + Json.text(note, "error").map(e -> " (" + e + ")").orElse("");
    }
}
