package dev.xmppd.protocol.sasl;

/** The hash functions SCRAM is defined for here: RFC 5802 (SHA-1), RFC 7677 (SHA-256), SHA-512. */
public enum ScramAlgorithm {
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1"),
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256"),
    SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512");

    private final String mechanismName;
    private final String digest;
    private final String hmac;

    ScramAlgorithm(String mechanismName, String digest, String hmac) {
        this.mechanismName = mechanismName;
        this.digest = digest;
        this.hmac = hmac;
    }

    /** The mechanism name without channel binding ({@code SCRAM-SHA-256}). */
    public String mechanismName() {
        return mechanismName;
    }

    /** The mechanism name with channel binding ({@code SCRAM-SHA-256-PLUS}). */
    public String plusName() {
        return mechanismName + "-PLUS";
    }

    String digestAlgorithm() {
        return digest;
    }

    String hmacAlgorithm() {
        return hmac;
    }
}
