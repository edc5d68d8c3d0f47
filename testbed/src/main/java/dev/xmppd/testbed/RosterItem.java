package dev.xmppd.testbed;

import java.util.List;

/** A roster entry as the slixmpp peer read it from the server (RFC 6121 §2.1). */
public record RosterItem(String jid, String name, String subscription, List<String> groups) {

    public RosterItem {
        groups = List.copyOf(groups);
    }
}
