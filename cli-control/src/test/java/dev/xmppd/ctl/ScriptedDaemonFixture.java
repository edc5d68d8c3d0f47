package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Shared setup for tests that run xmppctl against a {@link ScriptedDaemon}: one daemon per test, closed after it. */
abstract class ScriptedDaemonFixture {
    @TempDir
    Path dir;

    ScriptedDaemon daemon;
    Environment env;

    @BeforeEach
    void startDaemon() throws IOException {
        daemon = ScriptedDaemon.start(dir);
        env = Cli.env(daemon.socket());
    }

    @AfterEach
    void stopDaemon() throws IOException {
        daemon.close();
    }

    /** Scripts {@code result} as the daemon's answer, then runs xmppctl with {@code args}. */
    Cli.Run run(String result, String... args) throws IOException {
        daemon.result(Json.MAPPER.readTree(result));
        return Cli.run(env, args);
    }

    /** Asserts that the request the daemon received is exactly this JSON-RPC call (id 1). */
    void assertCall(String method, String params) throws Exception {
        ObjectNode expected = Json.object().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        expected.set("params", Json.MAPPER.readTree(params));
        assertThat(daemon.request()).isEqualTo(expected);
    }
}
