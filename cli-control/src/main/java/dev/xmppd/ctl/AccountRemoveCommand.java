package dev.xmppd.ctl;

import picocli.CommandLine.Command;

/** {@code xmppctl account remove JID}. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes an account added with 'account add', and deletes its archive.")
final class AccountRemoveCommand extends AccountJidCommand {
    AccountRemoveCommand() {
        super("account.remove", "removed");
    }
}
