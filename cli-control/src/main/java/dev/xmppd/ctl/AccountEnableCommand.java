package dev.xmppd.ctl;

import picocli.CommandLine.Command;

/** {@code xmppctl account enable JID}. */
@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables an account: it connects and stays connected.")
final class AccountEnableCommand extends AccountJidCommand {
    AccountEnableCommand() {
        super("account.enable", "enabled");
    }
}
