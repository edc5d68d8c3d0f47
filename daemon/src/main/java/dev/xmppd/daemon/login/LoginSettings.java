package dev.xmppd.daemon.login;

import dev.xmppd.daemon.config.PresenceSettings;
import dev.xmppd.protocol.jid.Jid;
import java.util.Objects;
import java.util.Optional;

/** What one login needs to know about its account. {@code toString} never shows the password. */
public record LoginSettings(Jid account, String password, Optional<String> resource, PresenceSettings presence) {

    public LoginSettings {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(presence, "presence");
        account = account.bare();
    }

    @Override
    public String toString() {
        return "LoginSettings[" + account + ", resource=" + resource.orElse("(server-assigned)") + "]";
    }
}
