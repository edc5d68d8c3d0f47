package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl account enable JID}. */
@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables an account: it connects and stays connected.")
final class AccountEnableCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(paramLabel = "JID", description = "the account, e.g. alice@example.org")
    private String jid;

    @Override
    public Integer call() {
        JsonNode result = control.call("account.enable", control.params().put("jid", jid));
        control.show(result, out -> out.println("enabled " + result.path("jid").asText(jid)));
        return Xmppctl.EXIT_OK;
    }
}
