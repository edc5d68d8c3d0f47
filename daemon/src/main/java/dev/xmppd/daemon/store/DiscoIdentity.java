package dev.xmppd.daemon.store;

import java.util.Objects;
import java.util.Optional;

/** XEP-0030 §3.1 identity of an entity. */
public record DiscoIdentity(String category, String type, Optional<String> name) {
    public DiscoIdentity {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }
}
