package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl send ACCOUNT TO TEXT...}: the words after TO, joined by spaces, are the message body. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Sends a chat message from the account.",
                "Put '--' before TEXT when it starts with '-'."})
final class SendCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the sending account, e.g. alice@example.org")
    private String account;

    @Parameters(index = "1", paramLabel = "TO", description = "the recipient JID")
    private String to;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "TEXT", description = "the message; words are joined by spaces")
    private List<String> text;

    @Override
    public Integer call() {
        JsonNode result = control.call("send", control.params().put("account", account).put("to", to)
                .put("body", String.join(" ", text)));
        control.show(result, out -> out.println("sent to " + to));
        return Xmppctl.EXIT_OK;
    }
}
