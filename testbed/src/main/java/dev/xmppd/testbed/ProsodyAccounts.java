package dev.xmppd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prosody's {@code internal_hashed} account store written directly: one Lua file per account,
 * {@code data/<host>/accounts/<user>.dat}, holding the SCRAM-SHA-1 verifier of RFC 5802
 * (StoredKey, ServerKey, salt, iteration count). Prosody reads the file on each login, so accounts
 * written while it runs are usable at once. This is what {@code prosodyctl register} writes, in
 * microseconds instead of a Lua start-up per account.
 */
final class ProsodyAccounts {

    private static final int ITERATIONS = 4096;

    private final Path accountsDir;

    ProsodyAccounts(Path dataDir, String host) {
        this.accountsDir = dataDir.resolve(encode(host)).resolve("accounts");
    }

    /** Writes one file per user (one salt and verifier for the batch); returns the files written. */
    List<Path> write(List<String> users, String password) {
        String salt = BaseServer.randomPassword();
        String entry = entry(password, salt);
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(accountsDir);
            for (String user : users) {
                Path file = accountsDir.resolve(encode(user) + ".dat");
                Files.writeString(file, entry, StandardCharsets.UTF_8);
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Prosody accounts in " + accountsDir, e);
        }
        return written;
    }

    void delete(String user) {
        try {
            Files.deleteIfExists(accountsDir.resolve(encode(user) + ".dat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String entry(String password, String salt) {
        try {
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
            byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(),
                    salt.getBytes(StandardCharsets.UTF_8), ITERATIONS, 160)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-1").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key");
            HexFormat hex = HexFormat.of();
            return """
                    return {
                    \t["salt"] = "%s";
                    \t["iteration_count"] = %d;
                    \t["server_key"] = "%s";
                    \t["stored_key"] = "%s";
                    };
                    """.formatted(salt, ITERATIONS, hex.formatHex(serverKey), hex.formatHex(storedKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SCRAM-SHA-1 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Prosody's datamanager file-name encoding: every byte that is not ASCII alphanumeric becomes %xx. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && Character.isLetterOrDigit(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02x", c));
            }
        }
        return out.toString();
    }
}
