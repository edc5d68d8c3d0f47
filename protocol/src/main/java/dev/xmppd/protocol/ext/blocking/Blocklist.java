package dev.xmppd.protocol.ext.blocking;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Optional;

/** Blocking command (XEP-0191): fetch the blocklist, block and unblock JIDs, and follow the server's pushes. */
public final class Blocklist {

    public static final String NAMESPACE = "urn:xmpp:blocking";
    /** The disco feature of a server that supports blocking. */
    public static final String FEATURE = NAMESPACE;

    /** A blocklist push: JIDs newly blocked or unblocked. An unblock with no JIDs unblocks everyone. */
    public record Push(boolean block, List<Jid> jids) {
        public Push {
            jids = List.copyOf(jids);
        }

        public boolean unblocksAll() {
            return !block && jids.isEmpty();
        }
    }

    private Blocklist() {
    }

    /** {@code <blocklist xmlns='urn:xmpp:blocking'/>}, the payload of the get. */
    public static Element request() {
        return Element.builder("blocklist", NAMESPACE).build();
    }

    /** {@code <block/>} with one item per JID (XEP-0191 §3.3); at least one JID is required. */
    public static Element block(List<Jid> jids) {
        if (jids.isEmpty()) {
            throw new IllegalArgumentException("a block request needs at least one JID (XEP-0191 §3.3)");
        }
        return withItems("block", jids);
    }

    /** {@code <unblock/>}; with no JIDs it unblocks everyone (XEP-0191 §3.5). */
    public static Element unblock(List<Jid> jids) {
        return withItems("unblock", jids);
    }

    private static Element withItems(String name, List<Jid> jids) {
        Element.Builder b = Element.builder(name, NAMESPACE);
        jids.forEach(j -> b.child(Element.builder("item", NAMESPACE).attribute("jid", j.toString()).build()));
        return b.build();
    }

    /** The JIDs of a {@code <blocklist/>} result; invalid items are skipped. Empty when it is not one. */
    public static Optional<List<Jid>> parse(Element blocklist) {
        if (!blocklist.is("blocklist", NAMESPACE)) {
            return Optional.empty();
        }
        return Optional.of(items(blocklist));
    }

    /** A push (iq set with block/unblock from our own account, XEP-0191 §3.3); others are empty. */
    public static Optional<Push> parsePush(Iq iq, Jid ownJid) {
        if (iq.type() != IqType.SET) {
            return Optional.empty();
        }
        if (!iq.isFromOwnAccount(ownJid)) {
            return Optional.empty();
        }
        return iq.payload().flatMap(p -> {
            if (p.is("block", NAMESPACE)) {
                return Optional.of(new Push(true, items(p)));
            }
            if (p.is("unblock", NAMESPACE)) {
                return Optional.of(new Push(false, items(p)));
            }
            return Optional.empty();
        });
    }

    private static List<Jid> items(Element parent) {
        return parent.children("item", NAMESPACE).stream()
                .map(i -> i.attribute("jid").flatMap(Jid::tryParse))
                .flatMap(Optional::stream)
                .toList();
    }
}
