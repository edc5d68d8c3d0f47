package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xmppctl presence ACCOUNT SHOW [STATUS...]}: the account's availability (RFC 6121 §4.7.2). */
@Command(name = "presence", mixinStandardHelpOptions = true, description = "Sets the account's presence.")
final class PresenceCommand implements Callable<Integer> {
    /** RFC 6121 §4.7.2.1 values, plus "online" (and its synonym "available") for no show at all. */
    static final Set<String> SHOWS = Set.of("online", "available", "away", "chat", "dnd", "xa");

    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Parameters(index = "1", paramLabel = "SHOW", description = "online, away, chat, dnd or xa")
    private String show;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "STATUS", description = "a status message; words are joined by spaces")
    private List<String> status;

    @Override
    public Integer call() {
        String normalised = show.toLowerCase(Locale.ROOT);
        if (!SHOWS.contains(normalised)) {
            throw new ParameterException(spec.commandLine(), "SHOW must be online, away, chat, dnd or xa, not '"
                    + show + "'");
        }
        ObjectNode params = control.params().put("account", account).put("show", normalised);
        String text = status == null ? "" : String.join(" ", status);
        if (!text.isEmpty()) {
            params.put("status", text);
        }
        JsonNode result = control.call("presence", params);
        control.show(result, out -> out.println(account + " is now " + normalised
                + (text.isEmpty() ? "" : " (" + text + ")")));
        return Xmppctl.EXIT_OK;
    }
}
