package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xmppctl csi ACCOUNT active|inactive}: XEP-0352 client state indication. Inactive lets the server hold back
 * presence updates and other unimportant traffic; the state is kept across reconnects and applies at the next login
 * when the account is offline.
 */
@Command(name = "csi", mixinStandardHelpOptions = true,
        description = "Tells the server whether anyone is looking (XEP-0352 client state: active or inactive).")
final class CsiCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Parameters(index = "1", paramLabel = "STATE", description = "active or inactive")
    private String state;

    @Override
    public Integer call() {
        String normalised = state.toLowerCase(Locale.ROOT);
        if (!normalised.equals("active") && !normalised.equals("inactive")) {
            throw new ParameterException(spec.commandLine(), "STATE must be active or inactive, not '" + state + "'");
        }
        JsonNode result = control.call("csi", control.params().put("account", account).put("state", normalised));
        control.show(result, out -> out.println(account + " is now " + normalised));
        return Xmppctl.EXIT_OK;
    }
}
