package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.protocol.ext.muc.Bookmark;
import dev.xmppd.protocol.ext.muc.MucJoin;
import dev.xmppd.protocol.ext.muc.MucUser;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.stanza.PresenceType;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MUC rooms (XEP-0045) an account archives: those of the config and those of its bookmarks (XEP-0402), joined
 * without history, since the room's archive is fetched with MAM. Pure helpers; the actor keeps the state.
 */
final class Rooms {

    /** A room to join: where, with which nickname and password. */
    record Target(Jid room, String nick, Optional<String> password) {
    }

    /** What a presence from a room we are joining says. */
    enum JoinState { JOINED, FAILED, OTHER }

    private Rooms() {
    }

    static List<Target> configured(ArchiveSettings settings, Jid account) {
        List<Target> targets = new ArrayList<>();
        for (ArchiveSettings.Room room : settings.roomsOf(account.toString())) {
            Jid jid = Jid.parse(room.room()).bare();
            targets.add(new Target(jid, room.nick().orElse(defaultNick(account)), room.password()));
        }
        return targets;
    }

    static List<Target> bookmarked(List<Bookmark> bookmarks, Jid account) {
        return bookmarks.stream().map(b -> new Target(b.room().bare(), b.nick().orElse(defaultNick(account)),
                b.password())).toList();
    }

    /** Config first (its nickname wins), then bookmarks, one target per room. */
    static List<Target> merge(List<Target> first, List<Target> second) {
        Map<Jid, Target> byRoom = new LinkedHashMap<>();
        first.forEach(t -> byRoom.putIfAbsent(t.room(), t));
        second.forEach(t -> byRoom.putIfAbsent(t.room(), t));
        return List.copyOf(byRoom.values());
    }

    static String defaultNick(Jid account) {
        return account.local().orElse(account.domain());
    }

    /** The XEP-0402 request for every bookmark, to our own PEP service (no {@code to}). */
    static Element bookmarksRequest(String id) {
        return Iq.request(IqType.GET, Optional.empty(), Bookmark.request(), id).element();
    }

    static List<Bookmark> bookmarks(Iq result) {
        return result.type() == IqType.RESULT ? result.payload().map(Bookmark::parse).orElse(List.of()) : List.of();
    }

    static Element join(Target target) {
        return MucJoin.presence(target.room(), target.nick(), target.password()).element();
    }

    /** XEP-0045 §7.2: the join is done when our own presence (status 110) comes back; an error presence ends it. */
    static JoinState joinState(Presence presence, Target target) {
        if (presence.type().filter(t -> t == PresenceType.ERROR).isPresent()) {
            return JoinState.FAILED;
        }
        boolean self = MucUser.of(presence).map(MucUser::isSelf).orElse(false)
                || presence.from().flatMap(Jid::resource).map(target.nick()::equals).orElse(false);
        return self ? JoinState.JOINED : JoinState.OTHER;
    }
}
