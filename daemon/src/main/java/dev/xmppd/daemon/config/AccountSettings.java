package dev.xmppd.daemon.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One account, declared in the config file or added at runtime; the bare JID is the key everywhere.
 *
 * @param jid         normalised bare JID
 * @param host        connect here instead of resolving SRV records of the domain
 * @param port        with {@code host}; default 5222, or 5223 with direct TLS
 * @param directTls   XEP-0368 direct TLS instead of STARTTLS
 * @param trustedCert a PEM file with the certificate (or CA) to trust for this account, for self-signed servers
 * @param pinSha256   SHA-256 of the server certificate (hex or base64), an alternative to {@code trustedCert}
 * @param declared    true when it comes from the config file: the control API may not change it
 */
public record AccountSettings(
        String jid,
        boolean enabled,
        Optional<String> host,
        OptionalInt port,
        boolean directTls,
        Optional<Path> trustedCert,
        Optional<String> pinSha256,
        Optional<String> resource,
        PasswordSource password,
        PresenceSettings presence,
        boolean declared) {

    public AccountSettings {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(trustedCert, "trustedCert");
        Objects.requireNonNull(pinSha256, "pinSha256");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(presence, "presence");
    }

    public AccountSettings withEnabled(boolean value) {
        return new AccountSettings(jid, value, host, port, directTls, trustedCert, pinSha256, resource, password,
                presence, declared);
    }

    /** What an account the config no longer declares becomes: a disabled runtime account (its archive is kept). */
    public AccountSettings undeclared() {
        return new AccountSettings(jid, false, host, port, directTls, trustedCert, pinSha256, resource, password,
                presence, false);
    }
}
