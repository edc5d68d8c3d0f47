package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl console ACCOUNT}: the account's XML stream both ways, as it happens, until interrupted. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Shows everything the account sends (C:) and receives (S:) on its XML stream, until",
                "interrupted (Ctrl-C). SASL payloads show as ***. With --json, one JSON object per line."})
final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account's bare JID")
    private String account;

    @Override
    public Integer call() {
        PrintWriter out = control.out();
        control.stream("console", control.params().put("account", account), note -> {
            out.println(control.json() ? note.toString() : line(note));
            out.flush();
        }, ControlClient.Idle.FOREVER);
        return Xmppctl.EXIT_OK;
    }

    /** {@code C: <presence/>} for what we sent, {@code S: ...} for what the server sent (RFC 6120's notation). */
    static String line(JsonNode note) {
        return ("sent".equals(note.path("direction").asText()) ? "C: " : "S: ") + note.path("xml").asText();
    }
}
