package dev.xmppd.daemon.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message as the archive keeps it: where it belongs (the account's own archive or a MUC room), the ids that
 * deduplicate it, who sent it to whom, and the stanza itself.
 *
 * @param archive   the archive JID: the account's bare JID or a room's
 * @param stanzaId  the archive's XEP-0359 id, only when trusted (assigned by {@code archive})
 * @param originId  the sender's XEP-0359 origin-id
 * @param messageId the stanza's {@code id} attribute
 * @param peer      the bare JID of the other side (the room for MUC)
 * @param body      empty for messages without a body (receipts, chat states...), which are kept raw
 * @param timestamp the XEP-0203 delay stamp, else the time of arrival
 * @param rawXml    the message stanza as received (unwrapped from carbons and MAM results)
 */
public record ArchivedMessage(String archive, Optional<String> stanzaId, Optional<String> originId,
                              Optional<String> messageId, Direction direction, String from, String to, String peer,
                              String type, Optional<String> thread, Optional<String> body, Instant timestamp,
                              String rawXml) {

    /** Which way the message went, seen from the account. */
    public enum Direction {
        IN("in"), OUT("out");

        private final String value;

        Direction(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Direction parse(String value) {
            return value.equals("out") ? OUT : IN;
        }
    }

    public ArchivedMessage {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(stanzaId, "stanzaId");
        Objects.requireNonNull(originId, "originId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(rawXml, "rawXml");
    }

    /**
     * What identifies the message before the archive's id is known: direction, peer and the sender's id
     * (origin-id, else the id attribute). Empty when the sender gave no id: such a message cannot be matched.
     */
    public Optional<String> matchKey() {
        return originId.or(() -> messageId).map(id -> direction.value() + "|" + peer + "|" + id);
    }

    public boolean hasBody() {
        return body.isPresent();
    }

    public ArchivedMessage withStanzaId(String id) {
        return new ArchivedMessage(archive, Optional.of(id), originId, messageId, direction, from, to, peer, type,
                thread, body, timestamp, rawXml);
    }
}
