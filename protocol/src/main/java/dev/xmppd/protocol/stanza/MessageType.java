package dev.xmppd.protocol.stanza;

import java.util.Locale;

/** RFC 6121 §5.2.2: message types; absent or unknown means {@link #NORMAL}. */
public enum MessageType {
    CHAT, ERROR, GROUPCHAT, HEADLINE, NORMAL;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageType parse(String value) {
        for (MessageType t : values()) {
            if (t.value().equals(value)) {
                return t;
            }
        }
        return NORMAL;
    }
}
