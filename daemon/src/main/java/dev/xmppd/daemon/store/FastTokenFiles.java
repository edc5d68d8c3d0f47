package dev.xmppd.daemon.store;

import dev.xmppd.protocol.ext.fast.Fast;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * FAST (XEP-0484) credentials, one file per account under {@code <dataDir>/fast-tokens/} (0700), each 0600 from
 * the moment it exists: the account's XEP-0388 user-agent id, which the server ties the token to, and the current
 * token. Plain text like the stored passwords next door; the token is worth less than the password (the server can
 * revoke it, and it expires).
 */
public final class FastTokenFiles {

    /** What one account keeps: its client id, and its token when it has one. {@code toString} hides the secret. */
    public record FastCredential(String clientId, Optional<Fast.Token> token) {
        public FastCredential {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(token, "token");
        }
    }

    private final Path dir;

    public FastTokenFiles(Path dir) {
        this.dir = dir;
    }

    public Path pathFor(String bareJid) {
        return dir.resolve(SecretFiles.fileName(bareJid));
    }

    /** The stored credential; empty when there is none or the file is unreadable (a fresh login makes a new one). */
    public Optional<FastCredential> read(String bareJid) throws IOException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(pathFor(bareJid), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String clientId = p.getProperty("client-id", "");
        if (clientId.isEmpty()) {
            return Optional.empty();
        }
        Optional<Fast.Token> token = Optional.empty();
        String secret = p.getProperty("token", "");
        if (!secret.isEmpty()) {
            try {
                token = Optional.of(new Fast.Token(p.getProperty("mechanism", ""), secret,
                        Instant.parse(p.getProperty("expiry", ""))));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                token = Optional.empty();
            }
        }
        return Optional.of(new FastCredential(clientId, token));
    }

    /** Replaces the account's file (written to a 0600 temporary file, then renamed into place). */
    public void write(String bareJid, FastCredential credential) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        StringBuilder text = new StringBuilder("client-id=").append(credential.clientId()).append('\n');
        // A token is printable ASCII in practice; anything else (a line break, a backslash) could rewrite the
        // file's other lines when read back, so such a token is not kept and the next login uses the password.
        credential.token().filter(t -> (t.mechanism() + t.secret()).chars().allMatch(c -> c > ' ' && c < 0x7f
                && c != '\\')).ifPresent(t -> text.append("mechanism=").append(t.mechanism()).append('\n')
                .append("token=").append(t.secret()).append('\n')
                .append("expiry=").append(t.expiry()).append('\n'));
        Path target = pathFor(bareJid);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.write(Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), text.toString().getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.WRITE);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void delete(String bareJid) throws IOException {
        Files.deleteIfExists(pathFor(bareJid));
    }
}
