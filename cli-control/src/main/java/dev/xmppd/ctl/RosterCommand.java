package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xmppctl roster ACCOUNT} lists the roster; {@code roster add|remove} change it. The account may come before
 * or after the verb: {@code roster ACCOUNT add JID} (DESIGN.md) and {@code roster add ACCOUNT JID} both work.
 */
@Command(name = "roster", mixinStandardHelpOptions = true,
        description = "Lists the account's roster (as last synchronised), or adds or removes a contact.",
        subcommands = {RosterAddCommand.class, RosterRemoveCommand.class})
final class RosterCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ACCOUNT", arity = "0..1", description = "the account, e.g. alice@example.org")
    private String account;

    @Override
    public Integer call() {
        if (account == null) {
            throw new ParameterException(spec.commandLine(), "missing ACCOUNT");
        }
        JsonNode result = control.call("roster", control.params().put("account", account));
        control.show(result, out -> render(result, out));
        return Xmppctl.EXIT_OK;
    }

    /**
     * The account and contact of {@code add}/{@code remove}: {@code [ACCOUNT] JID} after the verb, the account
     * before it when only the contact follows.
     */
    String[] accountAndContact(List<String> args, CommandSpec subcommand) {
        if (args.size() == 2 && account == null) {
            return new String[] {args.get(0), args.get(1)};
        }
        if (args.size() == 1 && account != null) {
            return new String[] {account, args.get(0)};
        }
        throw new ParameterException(subcommand.commandLine(), args.size() == 2
                ? "ACCOUNT given twice (before and after '" + subcommand.name() + "')"
                : "missing ACCOUNT: use 'roster " + subcommand.name() + " ACCOUNT JID'");
    }

    static void render(JsonNode result, PrintWriter out) {
        JsonNode items = result.path("items");
        if (items.isEmpty()) {
            out.println("the roster of " + result.path("account").asText() + " is empty");
            return;
        }
        Table table = new Table("JID", "NAME", "SUBSCRIPTION", "GROUPS");
        for (JsonNode item : items) {
            List<String> groups = new ArrayList<>();
            item.path("groups").forEach(g -> groups.add(g.asText()));
            String subscription = item.path("subscription").asText()
                    + (item.path("ask").asBoolean() ? " (asked)" : "");
            table.row(item.path("jid").asText(), Json.text(item, "name").orElse(null), subscription,
                    String.join(", ", groups));
        }
        table.print(out);
    }
}
