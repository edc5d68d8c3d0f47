package dev.xmppd.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl block ACCOUNT JID}; needs the account online. */
@Command(name = "block", mixinStandardHelpOptions = true, description = "Blocks a JID for the account (XEP-0191): nothing from it reaches the account.")
final class BlockCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Parameters(index = "1", paramLabel = "JID", description = "the JID to block (a user, a full JID or a domain)")
    private String jid;

    @Override
    public Integer call() {
        return control.callAndShow("block", control.params().put("account", account).put("jid", jid),
                (result, out) -> out.println("blocked " + jid + " for " + account));
    }
}
