package dev.xmppd.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xmppctl account enable|disable|remove JID}: one call with {"jid"}, then "{done} JID". */
abstract class AccountJidCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(paramLabel = "JID", description = "the account, e.g. alice@example.org")
    private String jid;

    private final String method;
    private final String done;

    AccountJidCommand(String method, String done) {
        this.method = method;
        this.done = done;
    }

    @Override
    public final Integer call() {
        return control.callAndShow(method, control.params().put("jid", jid),
                (result, out) -> out.println(done + " " + result.path("jid").asText(jid)));
    }
}
