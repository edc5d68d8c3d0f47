package dev.xmppd.daemon.login;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Blocking command lists and pushes (XEP-0191 §3.3, §3.4): {@code <block/>} or {@code <unblock/>} with
 * items; an {@code <unblock/>} without items unblocks everyone. Pushes count only from our own account.
 */
public record BlocklistPush(boolean block, List<String> jids) {

    public static final String NAMESPACE = "urn:xmpp:blocking";

    public BlocklistPush {
        jids = List.copyOf(jids);
    }

    public static Optional<BlocklistPush> parse(Iq iq, Jid account) {
        if (iq.type() != IqType.SET || !RosterPush.fromOwnAccount(iq, account)) {
            return Optional.empty();
        }
        return iq.payload().filter(p -> p.namespace().equals(NAMESPACE))
                .filter(p -> p.name().equals("block") || p.name().equals("unblock"))
                .map(p -> new BlocklistPush(p.name().equals("block"), jids(p)));
    }

    public static boolean isBlockingSet(Iq iq) {
        return iq.type() == IqType.SET && iq.payload().filter(p -> p.namespace().equals(NAMESPACE)).isPresent();
    }

    /** The JIDs of the items of a {@code <blocklist/>}, {@code <block/>} or {@code <unblock/>}. */
    public static List<String> jids(Element container) {
        return container.children("item", NAMESPACE).stream()
                .flatMap(i -> i.attribute("jid").flatMap(Jid::tryParse).stream())
                .map(Jid::toString).toList();
    }

    public boolean unblockAll() {
        return !block && jids.isEmpty();
    }

    public List<String> applyTo(List<String> blocklist) {
        if (unblockAll()) {
            return List.of();
        }
        Set<String> updated = new LinkedHashSet<>(blocklist);
        if (block) {
            updated.addAll(jids);
        } else {
            jids.forEach(updated::remove);
        }
        return List.copyOf(new ArrayList<>(updated));
    }

    /** The request blocking or unblocking one JID (XEP-0191 §3.3, §3.4). */
    public static Element request(boolean block, Jid contact) {
        return Iq.set(Element.builder(block ? "block" : "unblock", NAMESPACE)
                .child(Element.builder("item", NAMESPACE).attribute("jid", contact.toString()).build())
                .build()).element();
    }
}
