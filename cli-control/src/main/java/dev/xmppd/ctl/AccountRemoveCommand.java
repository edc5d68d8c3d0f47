package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl account remove JID}. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes an account added with 'account add', and deletes its archive.")
final class AccountRemoveCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(paramLabel = "JID", description = "the account, e.g. alice@example.org")
    private String jid;

    @Override
    public Integer call() {
        JsonNode result = control.call("account.remove", control.params().put("jid", jid));
        control.show(result, out -> out.println("removed " + result.path("jid").asText(jid)));
        return Xmppctl.EXIT_OK;
    }
}
