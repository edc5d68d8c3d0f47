package dev.xmppd.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code xmppctl account add|list|remove|enable|disable}. */
@Command(name = "account", mixinStandardHelpOptions = true, description = "Adds, lists, removes, enables or disables accounts.",
        subcommands = {AccountAddCommand.class, AccountListCommand.class, AccountRemoveCommand.class,
                AccountEnableCommand.class, AccountDisableCommand.class})
final class AccountCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
