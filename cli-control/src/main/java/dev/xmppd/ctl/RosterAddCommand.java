package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xmppctl roster add ACCOUNT JID [--name N]} (or {@code roster ACCOUNT add JID}); needs the account online. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a contact to the roster, or renames it.")
final class RosterAddCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RosterCommand roster;

    @Parameters(paramLabel = "[ACCOUNT] JID", arity = "1..2", description = "the account (unless given before 'add') and the contact")
    private List<String> args;

    @Option(names = "--name", paramLabel = "N", description = "the contact's name in the roster")
    private String name;

    @Override
    public Integer call() {
        String[] accountAndContact = roster.accountAndContact(args, spec);
        ObjectNode params = control.params().put("account", accountAndContact[0]).put("jid", accountAndContact[1]);
        if (name != null) {
            params.put("name", name);
        }
        JsonNode result = control.call("roster.add", params);
        control.show(result, out -> out.println("added " + accountAndContact[1] + " to the roster of "
                + accountAndContact[0]));
        return Xmppctl.EXIT_OK;
    }
}
