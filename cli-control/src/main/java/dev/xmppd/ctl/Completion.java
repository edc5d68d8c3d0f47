package dev.xmppd.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes the bash completion script for xmppctl (picocli's generator; zsh loads it through bashcompinit). The
 * distribution build runs it: {@code Completion FILE}.
 */
public final class Completion {
    private Completion() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Completion OUTPUT-FILE");
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, AutoComplete.bash("xmppctl", Xmppctl.commandLine(Environment.system())),
                StandardCharsets.UTF_8);
    }
}
