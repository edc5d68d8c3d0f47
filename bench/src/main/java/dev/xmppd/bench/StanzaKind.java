package dev.xmppd.bench;

/**
 * The kinds of stanza in a {@link RecordedStream}, with their share in percent. The shares follow what a
 * client sees right after login: mostly a MAM catch-up and live chat, presence of the roster, a few IQ
 * results.
 */
public enum StanzaKind {
    /** A one-to-one chat message with body, origin-id, stanza-id, sometimes delay, receipts, markers. */
    CHAT(30),
    /** A MAM result (XEP-0313) wrapping a forwarded message with its delay. */
    MAM_RESULT(35),
    /** A carbon copy (XEP-0280), received or sent, wrapping a forwarded message. */
    CARBON(10),
    /** Presence with entity capabilities (XEP-0115), show, status, vCard avatar hash, idle. */
    PRESENCE(17),
    /** An IQ result carrying roster items with names and groups. */
    ROSTER_RESULT(3),
    /** An IQ result carrying a disco#info identity and feature list. */
    DISCO_RESULT(5);

    private final int percent;

    StanzaKind(int percent) {
        this.percent = percent;
    }

    public int percent() {
        return percent;
    }

    /** The kind a draw from 0 (inclusive) to 100 (exclusive) falls on. */
    static StanzaKind forDraw(int draw) {
        int bound = 0;
        for (StanzaKind kind : values()) {
            bound += kind.percent;
            if (draw < bound) {
                return kind;
            }
        }
        throw new IllegalArgumentException("draw outside 0..99: " + draw);
    }
}
