package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl account disable JID}. */
@Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables an account: it disconnects and stays offline.")
final class AccountDisableCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(paramLabel = "JID", description = "the account, e.g. alice@example.org")
    private String jid;

    @Override
    public Integer call() {
        JsonNode result = control.call("account.disable", control.params().put("jid", jid));
        control.show(result, out -> out.println("disabled " + result.path("jid").asText(jid)));
        return Xmppctl.EXIT_OK;
    }
}
