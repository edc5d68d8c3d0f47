package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xmppctl export ACCOUNT [--format jsonl|xml] [--out FILE]}: every message of the account, streamed page by
 * page from the daemon to the file (or stdout), so a large archive never has to fit in memory.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes every archived message of ACCOUNT, in time order: jsonl (one JSON object per line,",
                "as history --json shows them) or xml (the raw stanzas, each in an <item> with its archive,",
                "stanza-id and timestamp, inside <archive xmlns='urn:xmppd:archive:0'>)."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account, e.g. alice@example.org")
    private String account;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", description = "jsonl (default) or xml")
    private String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    private Path out;

    @Override
    public Integer call() {
        Writer sink;
        try {
            sink = out == null ? control.out() : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "cannot write " + out + ": " + e.getMessage());
        }
        JsonNode result;
        try (Writer closing = out == null ? Writer.nullWriter() : sink) {
            result = control.stream("export", control.params().put("account", account).put("format", format),
                    note -> write(sink, note.path("data").asText()), ControlClient.Idle.BETWEEN_LINES);
            sink.flush();
        } catch (IOException | UncheckedIOException e) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "writing the export failed: " + e.getMessage());
        }
        if (out != null) {
            control.show(result, o -> o.println("exported " + result.path("messages").asLong() + " messages of "
                    + account + " to " + out));
        }
        return Xmppctl.EXIT_OK;
    }

    private static void write(Writer sink, String data) {
        try {
            sink.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
