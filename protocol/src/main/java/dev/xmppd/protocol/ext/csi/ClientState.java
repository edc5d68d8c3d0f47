package dev.xmppd.protocol.ext.csi;

import dev.xmppd.protocol.xml.Element;
import java.util.Locale;

/**
 * Client state indication (XEP-0352): tells the server whether a user is looking, so it can hold back
 * unimportant traffic while {@link #INACTIVE}. Offered as the stream feature {@code <csi xmlns='urn:xmpp:csi:0'/>}.
 */
public enum ClientState {
    ACTIVE, INACTIVE;

    public static final String NAMESPACE = "urn:xmpp:csi:0";

    public Element toElement() {
        return Element.builder(name().toLowerCase(Locale.ROOT), NAMESPACE).build();
    }
}
