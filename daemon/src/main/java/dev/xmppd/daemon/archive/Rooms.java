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
 * without history, since the room's archive is fetched with MAM. The join state of one session, confined to the
 * {@link ArchiveSync} actor, with the pure helpers it uses.
 */
final class Rooms {

    /** A room to join: where, with which nickname and password. */
    record Target(Jid room, String nick, Optional<String> password) {
    }

    /** What a presence from a room we are joining says. */
    enum JoinState { JOINED, FAILED, OTHER }

    private final Map<Jid, Target> joining = new LinkedHashMap<>();
    private final Map<Jid, String> joined = new LinkedHashMap<>();
    private Optional<String> bookmarksIq = Optional.empty();

    /** A new session: nothing joined. */
    void reset() {
        joining.clear();
        joined.clear();
        bookmarksIq = Optional.empty();
    }

    /** Joined rooms → our nickname there. */
    Map<Jid, String> joined() {
        return Map.copyOf(joined);
    }

    /** Marks a room as being joined; false when it already is (or was). */
    boolean startJoin(Target target) {
        return joining.putIfAbsent(target.room(), target) == null;
    }

    /** The room being joined, not yet in. */
    Optional<Target> pending(Jid room) {
        return joined.containsKey(room) ? Optional.empty() : Optional.ofNullable(joining.get(room));
    }

    /** The bookmarks request of this session (its id is remembered to match the answer). */
    Element requestBookmarks(String id) {
        bookmarksIq = Optional.of(id);
        return bookmarksRequest(id);
    }

    boolean answersBookmarks(Iq iq) {
        boolean match = iq.id().isPresent() && iq.id().equals(bookmarksIq);
        if (match) {
            bookmarksIq = Optional.empty();
        }
        return match;
    }

    /** A presence from a room being joined: JOINED or FAILED change the state; OTHER (anyone else's) does not. */
    JoinState onPresence(Presence presence) {
        Optional<Target> target = presence.from().map(Jid::bare).flatMap(this::pending);
        if (target.isEmpty()) {
            return JoinState.OTHER;
        }
        JoinState state = joinState(presence, target.get());
        switch (state) {
            case JOINED -> joined.put(target.get().room(), target.get().nick());
            case FAILED -> joining.remove(target.get().room());
            case OTHER -> {
            }
        }
        return state;
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
