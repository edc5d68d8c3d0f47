package dev.xmppd.daemon.login;

import dev.xmppd.daemon.config.PresenceSettings;
import dev.xmppd.protocol.jid.Jid;
import java.util.Objects;
import java.util.Optional;

/** What one login needs to know about its account. {@code toString} never shows the password or a token. */
public record LoginSettings(Jid account, String password, Optional<String> resource, PresenceSettings presence,
                            QuickLogin quick) {

    public LoginSettings {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(quick, "quick");
        account = account.bare();
    }

    /** Without FAST: a fresh client id per login. */
    public LoginSettings(Jid account, String password, Optional<String> resource, PresenceSettings presence) {
        this(account, password, resource, presence, QuickLogin.none());
    }

    public LoginSettings withQuick(QuickLogin newQuick) {
        return new LoginSettings(account, password, resource, presence, newQuick);
    }

    @Override
    public String toString() {
        return "LoginSettings[" + account + ", resource=" + resource.orElse("(server-assigned)") + "]";
    }
}
