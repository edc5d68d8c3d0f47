package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Passwords given at runtime, one file per account under {@code <dataDir>/secrets/}: the directory 0700, the file
 * 0600 from the moment it exists (created with that mode, then renamed into place). Never in the database.
 */
public final class SecretFiles {
    private final Path dir;

    public SecretFiles(Path dir) {
        this.dir = dir;
    }

    /** File name for a bare JID: [a-z0-9.@_-] kept, every other UTF-8 byte as %XX, so distinct JIDs never collide. */
    public static String fileName(String bareJid) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bareJid.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '@' || c == '_' || c == '-') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    public Path pathFor(String bareJid) {
        return dir.resolve(fileName(bareJid));
    }

    /** Writes the secret (plus a newline) and returns its path. */
    public Path write(String bareJid, Secret secret) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path target = pathFor(bareJid);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        char[] chars = secret.chars();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        try (SeekableByteChannel out = Files.newByteChannel(tmp,
                java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.write(ByteBuffer.wrap(new byte[] {'\n'}));
        } finally {
            Arrays.fill(chars, '\0');
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    public void delete(String bareJid) throws IOException {
        Files.deleteIfExists(pathFor(bareJid));
    }
}
