package dev.xmppd.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The source tree the benchmarks run in: bin/xmppd and bin/xmppctl are taken from it, as a user runs them. */
final class Repository {

    private Repository() {
    }

    /** The first directory upwards from the working directory (bench/ under Maven) that holds bin/xmppd. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/xmppd"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bin/xmppd above " + Path.of("").toAbsolutePath());
    }
}
