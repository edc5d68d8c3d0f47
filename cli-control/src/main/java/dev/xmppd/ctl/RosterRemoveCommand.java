package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xmppctl roster remove ACCOUNT JID} (or {@code roster ACCOUNT remove JID}); needs the account online. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a contact from the roster.")
final class RosterRemoveCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RosterCommand roster;

    @Parameters(paramLabel = "[ACCOUNT] JID", arity = "1..2", description = "the account (unless given before 'remove') and the contact")
    private List<String> args;

    @Override
    public Integer call() {
        String[] accountAndContact = roster.accountAndContact(args, spec);
        JsonNode result = control.call("roster.remove", control.params().put("account", accountAndContact[0])
                .put("jid", accountAndContact[1]));
        control.show(result, out -> out.println("removed " + accountAndContact[1] + " from the roster of "
                + accountAndContact[0]));
        return Xmppctl.EXIT_OK;
    }
}
