package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client alone: results, error objects kept whole, and the answer size limit. */
class ControlClientTest {
    @TempDir
    Path dir;

    private ScriptedDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        daemon = ScriptedDaemon.start(dir);
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    @Test
    void returnsTheResult() throws Exception {
        daemon.result(Json.object().put("ok", true));

        var result = new ControlClient(daemon.socket(), Duration.ofSeconds(10)).call("shutdown", Json.object());

        assertThat(result).isEqualTo(Json.object().put("ok", true));
        assertThat(daemon.request().path("jsonrpc").asText()).isEqualTo("2.0");
    }

    @Test
    void errorKeepsTheDaemonsErrorObject() {
        daemon.lines("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"missing param 'jid'\","
                + "\"data\":{\"param\":\"jid\"}}}");

        assertThatThrownBy(() -> new ControlClient(daemon.socket(), Duration.ofSeconds(10)).call("account.remove",
                Json.object()))
                .isInstanceOfSatisfying(DaemonError.class, e -> {
                    assertThat(e.code()).isEqualTo(-32602);
                    assertThat(e.getMessage()).isEqualTo("missing param 'jid'");
                    assertThat(e.error().at("/data/param").asText()).isEqualTo("jid");
                });
    }

    @Test
    void answerLongerThanTheLimitIsRefused() {
        daemon.lines("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"body\":\"" + "x".repeat(200) + "\"}}");

        assertThatThrownBy(() -> new ControlClient(daemon.socket(), Duration.ofSeconds(10), 100).call("status",
                Json.object()))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(Xmppctl.EXIT_FAILED);
                    assertThat(e.getMessage()).isEqualTo("xmppd's answer is longer than 100 bytes; refusing it");
                });
    }

    @Test
    void answerJustUnderTheLimitIsRead() {
        String line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"b\":\"" + "x".repeat(60) + "\"}}";
        daemon.lines(line);

        var result = new ControlClient(daemon.socket(), Duration.ofSeconds(10), line.length()).call("status",
                Json.object());

        assertThat(result.path("b").asText()).hasSize(60);
    }
}
