package dev.xmppd.daemon.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code xmppd.archive}: how much history the first sync of an archive fetches, the MAM page size to ask for, and
 * the MUC rooms to archive besides those in the account's bookmarks (XEP-0402).
 *
 * @param pageSize the RSM {@code max} asked for; servers cap it (Prosody at max_archive_query_results, ejabberd 250)
 */
public record ArchiveSettings(FirstSync firstSync, int pageSize, List<Room> rooms) {

    public static final ArchiveSettings DEFAULTS = new ArchiveSettings(new FirstSync.All(), 250, List.of());

    public ArchiveSettings {
        Objects.requireNonNull(firstSync, "firstSync");
        rooms = List.copyOf(rooms);
    }

    /** The first sync of an archive that has never been synced. */
    public sealed interface FirstSync {
        /** The whole archive. */
        record All() implements FirstSync {
        }

        /** Messages from this instant on. */
        record Since(Instant start) implements FirstSync {
        }

        /** The newest {@code count} messages. */
        record Last(int count) implements FirstSync {
        }
    }

    /**
     * A room one account joins and archives.
     *
     * @param nick the nickname in the room; empty: the account's localpart
     */
    public record Room(String account, String room, Optional<String> nick, Optional<String> password) {
        public Room {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(password, "password");
        }
    }

    public List<Room> roomsOf(String account) {
        return rooms.stream().filter(r -> r.account().equals(account)).toList();
    }

    public ArchiveSettings withRooms(List<Room> value) {
        return new ArchiveSettings(firstSync, pageSize, value);
    }

    public ArchiveSettings withFirstSync(FirstSync value) {
        return new ArchiveSettings(value, pageSize, rooms);
    }
}
