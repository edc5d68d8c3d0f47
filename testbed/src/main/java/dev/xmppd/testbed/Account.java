package dev.xmppd.testbed;

import java.util.Objects;

/**
 * An account registered on a test server.
 *
 * @param user     the localpart, e.g. {@code "alice-3"}
 * @param domain   the server's domain, e.g. {@code "localhost"}
 * @param password the plain password
 */
public record Account(String user, String domain, String password) {

    public Account {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(password, "password");
    }

    /** The bare JID, {@code user@domain}. */
    public String jid() {
        return user + "@" + domain;
    }

    /** A full JID with the given resource. */
    public String jid(String resource) {
        return jid() + "/" + resource;
    }

    @Override
    public String toString() {
        return jid();
    }
}
