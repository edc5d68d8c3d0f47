package dev.xmppd.protocol.ext.muc;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/**
 * Joining a multi-user chat room (XEP-0045 §7.2): a presence to {@code room@service/nick} with
 * {@code <x xmlns='http://jabber.org/protocol/muc'/>}. We ask for no history ({@code maxstanzas='0'}) because
 * the room's archive is fetched with MAM instead.
 */
public final class MucJoin {

    public static final String NAMESPACE = "http://jabber.org/protocol/muc";
    public static final String FEATURE = NAMESPACE;

    private MucJoin() {
    }

    public static Presence presence(Jid room, String nick, Optional<String> password) {
        Element.Builder x = Element.builder("x", NAMESPACE)
                .child(Element.builder("history", NAMESPACE).attribute("maxstanzas", "0").build());
        password.ifPresent(p -> x.textChild("password", p));
        return Presence.available().withTo(room.bare().withResource(nick)).withChild(x.build());
    }
}
