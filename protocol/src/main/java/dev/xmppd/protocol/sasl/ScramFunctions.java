package dev.xmppd.protocol.sasl;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM primitives of RFC 5802 §2.2 for one hash function. */
final class ScramFunctions {

    private final ScramAlgorithm algorithm;

    ScramFunctions(ScramAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm.hmacAlgorithm());
            mac.init(new SecretKeySpec(key, algorithm.hmacAlgorithm()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm.hmacAlgorithm(), e);
        }
    }

    byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm.digestAlgorithm(), e);
        }
    }

    /** Hi(str, salt, i): PBKDF2 with the HMAC as PRF and one block of output. */
    byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(algorithm.hmacAlgorithm());
            mac.init(new SecretKeySpec(password, algorithm.hmacAlgorithm()));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm.hmacAlgorithm(), e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
