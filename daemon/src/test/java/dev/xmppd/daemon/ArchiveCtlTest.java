package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.control.JsonRpc;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive commands end to end: the real xmppctl with {@code --json} (sync, history, search, export) against the
 * real daemon, and the daemon's {@code tail} stream seeing a message stored and the account's state changes.
 */
class ArchiveCtlTest {
    private static final Duration LOGIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BothServers
    void tailSeesMessagesAndStatesAndTheArchiveCommandsAnswerInJson(XmppServer server) throws Exception {
        Account alice = server.newAccount("ctlarch");
        Account bob = server.newAccount("peer");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of());
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            daemon.addAccount(server, alice);
            daemon.awaitState(alice.jid(), "online", LOGIN);
            XmppctlTest.Run sync = XmppctlTest.xmppctl(daemon, "sync", alice.jid(), "--json");
            assertThat(sync.exitCode()).as(sync.err()).isZero();
            assertThat(sync.json().path("accounts").get(0).path("state").asText()).isEqualTo("caught-up");

            List<String> tail;
            try (ConsoleWatch watch = ConsoleWatch.open(daemon.socket(), "tail", alice.jid())) {
                // The state changes come first: once the tail has seen them, it surely watches when the message comes.
                daemon.call("account.disable", Map.of("jid", alice.jid()));
                daemon.awaitState(alice.jid(), "disabled", LOGIN);
                daemon.call("account.enable", Map.of("jid", alice.jid()));
                daemon.awaitState(alice.jid(), "online", LOGIN);
                watch.awaitLines(l -> l.contains("\"tail.state\"") && l.contains("\"online\""));
                peer.sendMessage(alice.jid(), "a word for the tail", "tail-1", "chat");
                tail = watch.awaitLines(l -> l.contains("\"tail.message\"") && l.contains("a word for the tail"));
            }
            JsonNode stored = notification(tail, "tail.message");
            assertThat(stored.path("account").asText()).isEqualTo(alice.jid());
            assertThat(stored.path("message").path("from").asText()).startsWith(bob.jid());
            assertThat(stored.path("message").path("id").asText()).isNotEmpty();
            assertThat(tail.stream().filter(l -> l.contains("\"tail.state\""))
                    .map(l -> readTree(l).path("params").path("state").asText()))
                    .containsSubsequence("disabled", "online");

            XmppctlTest.Run history = XmppctlTest.xmppctl(daemon, "history", alice.jid(), "--with", bob.jid(),
                    "--json");
            assertThat(history.exitCode()).as(history.err()).isZero();
            assertThat(ArchiveSyncTest.texts(history.json(), "body")).containsExactly("a word for the tail");
            XmppctlTest.Run search = XmppctlTest.xmppctl(daemon, "--json", "search", "tail");
            assertThat(search.exitCode()).as(search.err()).isZero();
            assertThat(search.json().path("messages")).singleElement()
                    .satisfies(m -> assertThat(m.path("account").asText()).isEqualTo(alice.jid()));

            Path file = dir.resolve("alice.jsonl");
            XmppctlTest.Run export = XmppctlTest.xmppctl(daemon, "export", alice.jid(), "--out", file.toString(),
                    "--json");
            assertThat(export.exitCode()).as(export.err()).isZero();
            assertThat(export.json().path("messages").asLong()).isEqualTo(1);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines).singleElement().satisfies(l ->
                    assertThat(readTree(l).path("body").asText()).isEqualTo("a word for the tail"));
        }
    }

    private static JsonNode notification(List<String> lines, String method) {
        return lines.stream().map(ArchiveCtlTest::readTree).filter(n -> n.path("method").asText().equals(method))
                .findFirst().orElseThrow(() -> new AssertionError("no " + method + " in " + lines)).path("params");
    }

    private static JsonNode readTree(String line) {
        try {
            return JsonRpc.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
