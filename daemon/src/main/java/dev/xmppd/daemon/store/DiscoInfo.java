package dev.xmppd.daemon.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored XEP-0030 disco#info result.
 *
 * @param entity the JID asked (the server, the own account, an item of the server)
 * @param node   "" for no node
 */
public record DiscoInfo(String entity, String node, List<DiscoIdentity> identities, List<String> features,
                        Instant fetchedAt) {
    public DiscoInfo {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        identities = List.copyOf(identities);
        features = List.copyOf(features);
    }
}
