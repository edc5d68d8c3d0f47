package dev.xmppd.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl unblock ACCOUNT JID}; needs the account online. */
@Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblocks a JID for the account (XEP-0191).")
final class UnblockCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Parameters(index = "1", paramLabel = "JID", description = "the JID to unblock (a user, a full JID or a domain)")
    private String jid;

    @Override
    public Integer call() {
        return control.callAndShow("unblock", control.params().put("account", account).put("jid", jid),
                (result, out) -> out.println("unblocked " + jid + " for " + account));
    }
}
