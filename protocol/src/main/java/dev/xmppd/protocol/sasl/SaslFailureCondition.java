package dev.xmppd.protocol.sasl;

import java.util.Locale;

/** RFC 6120 §6.5: the conditions of a SASL {@code <failure/>}. */
public enum SaslFailureCondition {
    ABORTED, ACCOUNT_DISABLED, CREDENTIALS_EXPIRED, ENCRYPTION_REQUIRED, INCORRECT_ENCODING, INVALID_AUTHZID,
    INVALID_MECHANISM, MALFORMED_REQUEST, MECHANISM_TOO_WEAK, NOT_AUTHORIZED, TEMPORARY_AUTH_FAILURE,
    /** A condition this enum does not know, or none at all. */
    UNKNOWN;

    public String elementName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SaslFailureCondition fromElementName(String name) {
        for (SaslFailureCondition c : values()) {
            if (c != UNKNOWN && c.elementName().equals(name)) {
                return c;
            }
        }
        return UNKNOWN;
    }

    /**
     * True when retrying with the same credentials cannot help (RFC 6120 §6.5): the account must be fixed first.
     * {@code temporary-auth-failure} and {@code aborted} are worth another attempt later.
     */
    public boolean isPermanent() {
        return this != TEMPORARY_AUTH_FAILURE && this != ABORTED;
    }
}
