package dev.xmppd.protocol.stanza;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh stanza ids: 96 random bits, URL-safe base64 (unguessable, so a reply can be matched to its request). */
public final class StanzaIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private StanzaIds() {
    }

    public static String next() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
