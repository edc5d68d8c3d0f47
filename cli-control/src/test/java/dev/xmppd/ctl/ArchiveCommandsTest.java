package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** sync, history, search, export and tail against a scripted daemon: the call sent, notifications, what is printed. */
class ArchiveCommandsTest extends ScriptedDaemonFixture {
    private static final String MESSAGES = """
            {"messages":[
             {"id":"s1","originId":null,"archive":"alice@example.org","from":"bob@example.org/phone",
              "to":"alice@example.org","direction":"in","type":"chat","body":"hello\\nthere",
              "timestamp":"2026-01-02T03:04:05Z","account":"alice@example.org"},
             {"id":"s2","originId":"o2","archive":"alice@example.org","from":"alice@example.org/xmppd",
              "to":"bob@example.org","direction":"out","type":"chat","body":null,
              "timestamp":"2026-01-02T03:04:06.5Z","account":"alice@example.org"}]}
            """;

    private static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private static String response(String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + result + "}";
    }

    @Test
    void historySendsItsFiltersAndPrintsOneLinePerMessage() throws Exception {
        daemon.result(Json.MAPPER.readTree(MESSAGES));
        Cli.Run run = Cli.run(env, "history", "alice@example.org", "--with", "bob@example.org", "--since",
                "2026-01-01", "--limit", "10");
        JsonNode params = daemon.request().path("params");
        assertThat(params.toString()).isEqualTo("{\"account\":\"alice@example.org\",\"limit\":10,"
                + "\"with\":\"bob@example.org\",\"since\":\"2026-01-01\"}");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                2026-01-02 03:04:05  bob@example.org/phone: hello ⏎ there
                2026-01-02 03:04:06  alice@example.org/xmppd: (no body)
                """);
    }

    @Test
    void searchAcrossAccountsNamesTheAccountOfEachMessage() throws Exception {
        daemon.result(Json.MAPPER.readTree(MESSAGES));
        Cli.Run run = Cli.run(env, "search", "hello", "there");
        assertThat(daemon.request().path("params").toString()).isEqualTo("{\"text\":\"hello there\",\"limit\":50}");
        assertThat(run.out()).startsWith("[alice@example.org] 2026-01-02 03:04:05  bob@example.org/phone: hello");
    }

    @Test
    void syncSkipsProgressWithoutATerminalAndFailsWhenAnAccountCouldNotSync() throws Exception {
        daemon.lines(notification("sync.progress", "{\"request\":1,\"account\":\"a@x\",\"archive\":\"a@x\","
                        + "\"fetched\":250,\"stored\":250,\"pages\":1,\"total\":500}"),
                response("{\"accounts\":[{\"jid\":\"a@x\",\"state\":\"caught-up\",\"fetched\":500,\"stored\":499,"
                        + "\"pages\":2,\"ms\":1250},{\"jid\":\"b@x\",\"state\":\"failed\",\"error\":\"b@x is not online\"}]}"));
        Cli.Run run = Cli.run(env, "sync");
        assertThat(daemon.request().path("method").asText()).isEqualTo("sync");
        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                a@x: caught up (500 fetched, 499 new, 2 pages in 1250 ms)
                b@x: not synced: b@x is not online
                """);
    }

    @Test
    void theProgressLineShowsABarFetchedOfTotalPagesRateAndTimeLeft() throws Exception {
        JsonNode note = Json.MAPPER.readTree("{\"account\":\"a@x\",\"archive\":\"room@muc.x\",\"fetched\":1200,"
                + "\"pages\":5,\"total\":5000}");
        assertThat(SyncCommand.progressLine(note, 2_000_000_000L)).isEqualTo(
                "a@x room@muc.x: [####----------------] 24% 1200/5000 fetched, 5 pages, 600 msg/s, 6 s left");
        JsonNode done = Json.MAPPER.readTree("{\"account\":\"a@x\",\"archive\":\"a@x\",\"fetched\":5000,"
                + "\"pages\":20,\"total\":5000}");
        assertThat(SyncCommand.progressLine(done, 5_000_000_000L)).isEqualTo(
                "a@x: [####################] 100% 5000/5000 fetched, 20 pages, 1000 msg/s");
    }

    @Test
    void withoutATotalTheProgressLineShowsCountsAndRateOnly() throws Exception {
        JsonNode note = Json.MAPPER.readTree("{\"account\":\"a@x\",\"archive\":\"a@x\",\"fetched\":300,"
                + "\"pages\":3}");
        assertThat(SyncCommand.progressLine(note, 1_000_000_000L)).isEqualTo("a@x: 300 fetched, 3 pages, 300 msg/s");
    }

    @Test
    void exportWritesTheStreamedChunksToTheFileInOrder() throws Exception {
        daemon.lines(notification("export.chunk", "{\"request\":1,\"data\":\"{\\\"id\\\":\\\"s1\\\"}\\n\"}"),
                notification("export.chunk", "{\"request\":1,\"data\":\"{\\\"id\\\":\\\"s2\\\"}\\n\"}"),
                response("{\"account\":\"a@x\",\"format\":\"jsonl\",\"messages\":2}"));
        Path file = dir.resolve("a.jsonl");
        Cli.Run run = Cli.run(env, "export", "a@x", "--out", file.toString());
        assertThat(daemon.request().path("params").toString()).isEqualTo("{\"account\":\"a@x\",\"format\":\"jsonl\"}");
        assertThat(run.exit()).isZero();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"s1\"}\n{\"id\":\"s2\"}\n");
        assertThat(run.out()).isEqualTo("exported 2 messages of a@x to " + file + "\n");
    }

    @Test
    void exportWithoutAFileWritesOnlyTheDataToStandardOutput() throws Exception {
        daemon.lines(notification("export.chunk", "{\"request\":1,\"data\":\"<archive/>\\n\"}"),
                response("{\"account\":\"a@x\",\"format\":\"xml\",\"messages\":0}"));
        Cli.Run run = Cli.run(env, "export", "a@x", "--format", "xml");
        assertThat(run.out()).isEqualTo("<archive/>\n");
    }

    @Test
    void tailWithJsonPrintsEachNotificationsParamsAsOneLine() throws Exception {
        daemon.lines(notification("tail.state", "{\"request\":1,\"account\":\"a@x\",\"state\":\"online\"}"),
                notification("tail.message", "{\"request\":1,\"account\":\"a@x\",\"message\":{\"body\":\"hi\"}}"),
                response("{}"));
        Cli.Run run = Cli.run(env, "tail", "--json");
        assertThat(daemon.request().path("params").toString()).isEqualTo("{}");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().map(l -> {
            try {
                return Json.MAPPER.readTree(l).toString();
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        })).containsExactly("{\"request\":1,\"account\":\"a@x\",\"state\":\"online\"}",
                "{\"request\":1,\"account\":\"a@x\",\"message\":{\"body\":\"hi\"}}");
    }

    @Test
    void tailPrintsMessagesAndStateChangesUntilTheStreamEnds() throws Exception {
        daemon.lines(notification("tail.state", "{\"request\":1,\"account\":\"a@x\",\"state\":\"backoff\","
                        + "\"error\":\"connection lost\"}"),
                notification("tail.message", "{\"request\":1,\"account\":\"a@x\",\"message\":{\"from\":\"b@x/r\","
                        + "\"body\":\"hi\",\"timestamp\":\"2026-01-02T03:04:05Z\"}}"),
                response("{}"));
        Cli.Run run = Cli.run(env, "tail", "a@x");
        assertThat(daemon.request().path("params").toString()).isEqualTo("{\"account\":\"a@x\"}");
        assertThat(run.out()).isEqualTo("""
                [a@x] backoff (connection lost)
                [a@x] 2026-01-02 03:04:05  b@x/r: hi
                """);
    }
}
