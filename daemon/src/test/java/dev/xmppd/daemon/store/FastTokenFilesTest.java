package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.fast.Fast;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastTokenFilesTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-18T18:45:00Z");

    @TempDir
    Path dir;

    @Test
    void aCredentialComesBackAsWrittenFromA0600File() throws Exception {
        FastTokenFiles files = new FastTokenFiles(dir.resolve("fast-tokens"));
        Fast.Token token = new Fast.Token("HT-SHA-256-EXPR", "secret-token:fast-abc", EXPIRY);
        files.write("alice@example.org", new FastTokenFiles.FastCredential("id-1", Optional.of(token)));

        assertThat(files.read("alice@example.org")).contains(new FastTokenFiles.FastCredential("id-1",
                Optional.of(token)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.pathFor("alice@example.org"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("fast-tokens"))))
                .isEqualTo("rwx------");
        assertThat(files.read("bob@example.org")).isEmpty();
    }

    @Test
    void aTokenThatCouldRewriteTheFileIsNotKept() throws Exception {
        FastTokenFiles files = new FastTokenFiles(dir);
        Fast.Token forged = new Fast.Token("HT-SHA-256-NONE", "x\nclient-id=mallory", EXPIRY);
        files.write("alice@example.org", new FastTokenFiles.FastCredential("id-1", Optional.of(forged)));

        assertThat(files.read("alice@example.org")).contains(new FastTokenFiles.FastCredential("id-1",
                Optional.empty()));
        files.delete("alice@example.org");
        assertThat(files.read("alice@example.org")).isEmpty();
    }
}
