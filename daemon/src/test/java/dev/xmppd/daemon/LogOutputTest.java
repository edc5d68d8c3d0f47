package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.control.JsonRpc;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What xmppd writes as a process: {@code --log-format json} gives one JSON object per line; under journald
 * ({@code JOURNAL_STREAM} set) the lines carry a syslog priority prefix and no timestamp of their own, since the
 * journal stamps each line itself. Both with the state change line of the account.
 */
@ExtendWith(XmppServers.class)
class LogOutputTest {
    private static final Duration LOGIN = Duration.ofSeconds(30);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}");

    @TempDir
    Path dir;

    @Test
    void logFormatJsonWritesOneJsonObjectPerLine(ProsodyServer prosody) throws Exception {
        Account account = prosody.newAccount("jsonlog");
        List<String> lines = run(prosody, account, Map.of(), List.of("--log-format", "json"));
        List<JsonNode> records = lines.stream().map(LogOutputTest::readTree).toList();
        assertThat(records).allSatisfy(r -> {
            assertThat(r.path("level").asText()).isNotEmpty();
            assertThat(r.path("formattedMessage").isTextual()).as("record %s", r).isTrue();
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.path("level").asText()).isEqualTo("INFO");
            assertThat(r.path("formattedMessage").asText()).startsWith(account.jid() + " is online as ");
        });
        assertThat(records).anySatisfy(r ->
                assertThat(r.path("formattedMessage").asText()).isEqualTo("xmppd stopping"));
    }

    @Test
    void underJournaldLinesHaveAPriorityAndNoTimestamp(ProsodyServer prosody) throws Exception {
        Account account = prosody.newAccount("journal");
        List<String> lines = run(prosody, account, Map.of("JOURNAL_STREAM", "8:12345"), List.of());
        assertThat(lines).allSatisfy(l -> {
            assertThat(l).matches("<[3467]>.*");
            assertThat(TIMESTAMP.matcher(l).find()).as("a timestamp in %s", l).isFalse();
        });
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("<6>").contains(account.jid() + " is online as "));
    }

    /** Starts xmppd with the account, waits until it is online, stops it with SIGTERM; every line it wrote. */
    private List<String> run(ProsodyServer prosody, Account account, Map<String, String> env, List<String> arguments)
            throws IOException, InterruptedException {
        Path password = Files.writeString(dir.resolve(account.user() + ".password"), account.password() + "\n");
        Path socket = dir.resolve("run").resolve("control.sock");
        Files.createDirectories(socket.getParent());
        Files.setPosixFilePermissions(socket.getParent(),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path config = Files.writeString(dir.resolve("xmppd.conf"), """
                xmppd {
                  data-dir = "%s"
                  control.socket = "%s"
                  accounts = [{ jid = "%s", password-file = "%s", host = "%s", port = %d, trusted-cert = "%s" }]
                }
                """.formatted(dir.resolve("data"), socket, account.jid(), password, prosody.host(),
                prosody.starttlsPort(), prosody.certificatePem()));
        try (DaemonProcess daemon = DaemonProcess.start(config, socket, dir.resolve("xmppd.out"), env, arguments)) {
            daemon.awaitState(account.jid(), "online", LOGIN);
            assertThat(daemon.terminate(Duration.ofSeconds(10))).as(daemon.output()).isZero();
            List<String> lines = daemon.output().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("what xmppd wrote").isNotEmpty();
            return lines;
        }
    }

    private static JsonNode readTree(String line) {
        try {
            return JsonRpc.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
