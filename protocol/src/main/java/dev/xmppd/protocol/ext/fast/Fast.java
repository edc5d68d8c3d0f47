package dev.xmppd.protocol.ext.fast;

import dev.xmppd.protocol.xml.Element;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * FAST (XEP-0484): a token the server hands out on one login, used instead of the password on the next one with
 * an HT mechanism ({@link dev.xmppd.protocol.sasl.HtMechanism}). Requests and results ride inside SASL2.
 */
public final class Fast {

    public static final String NAMESPACE = "urn:xmpp:fast:0";

    /**
     * A token as the server issued it: the mechanism it is bound to, the secret, its expiry. {@code toString}
     * never shows the secret.
     */
    public record Token(String mechanism, String secret, Instant expiry) {
        public Token {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(expiry, "expiry");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("a FAST token is not empty");
            }
        }

        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiry);
        }

        @Override
        public String toString() {
            return "Token[" + mechanism + ", expires " + expiry + "]";
        }
    }

    private Fast() {
    }

    /** XEP-0484 §3.2: ask for a token for {@code mechanism} on this (password) login. */
    public static Element requestToken(String mechanism) {
        return Element.builder("request-token", NAMESPACE).attribute("mechanism", mechanism).build();
    }

    /** XEP-0484 §3.3: this authentication uses a token; {@code invalidate} asks the server to forget it after. */
    public static Element usingToken(boolean invalidate) {
        Element.Builder fast = Element.builder("fast", NAMESPACE);
        if (invalidate) {
            fast.attribute("invalidate", "true");
        }
        return fast.build();
    }

    /**
     * The new token inside a SASL2 {@code <success/>}, for {@code mechanism} (the one requested, or the one just
     * used when the server rotates the token). Empty when there is none or it is unreadable.
     */
    public static Optional<Token> tokenIn(Element success, String mechanism) {
        return success.child("token", NAMESPACE).flatMap(token -> {
            Optional<String> secret = token.attribute("token").filter(s -> !s.isEmpty());
            Optional<String> expiry = token.attribute("expiry");
            if (secret.isEmpty() || expiry.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Token(mechanism, secret.get(), Instant.parse(expiry.get())));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
