package dev.xmppd.ctl;

import picocli.CommandLine.Command;

/** {@code xmppctl account disable JID}. */
@Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables an account: it disconnects and stays offline.")
final class AccountDisableCommand extends AccountJidCommand {
    AccountDisableCommand() {
        super("account.disable", "disabled");
    }
}
