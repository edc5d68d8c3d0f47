package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.PasswordSource;
import dev.xmppd.daemon.store.AccountState;
import dev.xmppd.daemon.store.DiscoIdentity;
import dev.xmppd.daemon.store.DiscoInfo;
import dev.xmppd.daemon.store.RosterItem;
import java.nio.file.Path;
import java.util.List;

/** The JSON shapes of the control API (camelCase; DESIGN.md "Control API"). Never a password, only its kind. */
final class Views {
    private Views() {
    }

    static ObjectNode account(AccountSettings a) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode()
                .put("jid", a.jid())
                .put("enabled", a.enabled())
                .put("declared", a.declared())
                .put("directTls", a.directTls())
                .put("password", passwordKind(a.password()));
        a.host().ifPresent(h -> node.put("host", h));
        a.port().ifPresent(p -> node.put("port", p));
        a.trustedCert().map(Path::toString).ifPresent(c -> node.put("trustedCert", c));
        a.pinSha256().ifPresent(p -> node.put("pin", p));
        a.resource().ifPresent(r -> node.put("resource", r));
        return node;
    }

    static ObjectNode accounts(List<AccountSettings> accounts) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode();
        ArrayNode array = node.putArray("accounts");
        accounts.forEach(a -> array.add(account(a)));
        return node;
    }

    static ObjectNode roster(AccountState state) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode().put("account", state.settings().jid());
        state.rosterVersion().ifPresent(v -> node.put("version", v));
        ArrayNode items = node.putArray("items");
        for (RosterItem item : state.roster()) {
            ObjectNode i = items.addObject().put("jid", item.jid()).put("subscription", item.subscription())
                    .put("ask", item.askSubscribe());
            item.name().ifPresent(n -> i.put("name", n));
            ArrayNode groups = i.putArray("groups");
            item.groups().forEach(groups::add);
        }
        return node;
    }

    static ObjectNode blocklist(AccountState state) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode().put("account", state.settings().jid());
        ArrayNode jids = node.putArray("blocked");
        state.blocklist().forEach(jids::add);
        return node;
    }

    static ObjectNode disco(AccountState state) {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode().put("account", state.settings().jid());
        ArrayNode entities = node.putArray("entities");
        for (DiscoInfo info : state.disco()) {
            ObjectNode e = entities.addObject().put("jid", info.entity());
            if (!info.node().isEmpty()) {
                e.put("node", info.node());
            }
            ArrayNode identities = e.putArray("identities");
            for (DiscoIdentity id : info.identities()) {
                ObjectNode i = identities.addObject().put("category", id.category()).put("type", id.type());
                id.name().ifPresent(n -> i.put("name", n));
            }
            ArrayNode features = e.putArray("features");
            info.features().forEach(features::add);
            e.put("fetchedAt", info.fetchedAt().toString());
        }
        return node;
    }

    static ObjectNode ok() {
        return JsonRpc.MAPPER.createObjectNode().put("ok", true);
    }

    private static String passwordKind(PasswordSource source) {
        return switch (source) {
            case PasswordSource.File f -> "file";
            case PasswordSource.Command c -> "command";
            case PasswordSource.Credential c -> "credential";
            case PasswordSource.Stored s -> "stored";
        };
    }
}
