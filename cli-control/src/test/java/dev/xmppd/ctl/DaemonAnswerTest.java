package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Error answers and answers that break the protocol: exit 1 and one line on stderr. */
class DaemonAnswerTest extends ScriptedDaemonFixture {
    private static final String UNKNOWN = "no account zed@example.org; see 'xmppctl account list', or add it with "
            + "'xmppctl account add zed@example.org'";

    @Test
    void errorAnswerIsOneLineOnStderr() {
        daemon.error(1001, UNKNOWN);

        Cli.Run run = Cli.run(env, "roster", "zed@example.org");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: " + UNKNOWN + "\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void errorAnswerInJsonModeIsAlsoPrintedOnStdout() throws IOException {
        daemon.error(1001, UNKNOWN);

        Cli.Run run = Cli.run(env, "disco", "zed@example.org", "--json");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: " + UNKNOWN + "\n");
        assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(
                "{\"error\":{\"code\":1001,\"message\":\"" + UNKNOWN + "\"}}"));
    }

    @Test
    void multiLineMessageStaysOneLine() {
        daemon.error(-32603, "status failed inside the daemon:\n  IllegalStateException\nsee the daemon log");

        Cli.Run run = Cli.run(env, "status");

        assertThat(run.err()).isEqualTo("xmppctl: status failed inside the daemon: IllegalStateException see the "
                + "daemon log\n");
    }

    @Test
    void notificationsBeforeTheResponseAreSkipped() {
        daemon.lines("{\"jsonrpc\":\"2.0\",\"method\":\"progress\",\"params\":{\"request\":1,\"done\":3}}",
                "",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"account\":\"a@example.org\",\"blocked\":[\"x.example\"]}}");

        Cli.Run run = Cli.run(env, "blocklist", "a@example.org");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("x.example\n");
    }

    @Test
    void answerThatIsNotJsonIsAFailure() {
        daemon.lines("HTTP/1.1 400 Bad Request");

        Cli.Run run = Cli.run(env, "status");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).startsWith("xmppctl: xmppd sent an answer that is not JSON (").endsWith(")\n");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void answerToAnotherCallIsAFailure() {
        daemon.lines("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");

        Cli.Run run = Cli.run(env, "status");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: xmppd sent an answer that is not a response to our call\n");
    }

    @Test
    void connectionClosedWithoutAnswerIsAFailure() {
        daemon.lines();

        Cli.Run run = Cli.run(env, "shutdown");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: xmppd closed the connection without answering; see its log\n");
    }

    @Test
    void daemonThatDoesNotAnswerTimesOut() throws InterruptedException {
        daemon.silent();

        Cli.Run run = Cli.run(Cli.withTimeout(env, Duration.ofMillis(300)), "status");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: xmppd did not answer within 300 ms; see its log, or try again\n");
        assertThat(daemon.request().path("method").asText()).isEqualTo("status");
    }

    @Test
    void answerWithTrailingGarbageIsAFailure() {
        daemon.lines("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}} trailing garbage");

        Cli.Run run = Cli.run(env, "status");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).startsWith("xmppctl: xmppd sent an answer that is not JSON");
    }
}
