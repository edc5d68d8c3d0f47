package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xmppctl shutdown}: the daemon answers, then disconnects its accounts and exits. */
@Command(name = "shutdown", mixinStandardHelpOptions = true, description = "Stops xmppd.")
final class ShutdownCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Override
    public Integer call() {
        JsonNode result = control.call("shutdown", control.params());
        control.show(result, out -> out.println("xmppd is shutting down"));
        return Xmppctl.EXIT_OK;
    }
}
