package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** console and reload against a scripted daemon: the call sent and what is printed. */
class OperationCommandsTest extends ScriptedDaemonFixture {
    @Test
    void consolePrintsEachDirectionUntilTheCallEnds() throws Exception {
        daemon.lines(
                "{\"jsonrpc\":\"2.0\",\"method\":\"console\",\"params\":{\"request\":1,\"account\":\"a@x\","
                        + "\"direction\":\"sent\",\"xml\":\"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>***</auth>\","
                        + "\"at\":\"2026-01-01T00:00:00Z\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"console\",\"params\":{\"request\":1,\"account\":\"a@x\","
                        + "\"direction\":\"received\",\"xml\":\"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>\","
                        + "\"at\":\"2026-01-01T00:00:01Z\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}");
        Cli.Run run = Cli.run(env, "console", "a@x");
        com.fasterxml.jackson.databind.JsonNode request = daemon.request();
        assertThat(request.path("method").asText()).isEqualTo("console");
        assertThat(request.path("params").toString()).isEqualTo("{\"account\":\"a@x\"}");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                C: <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>***</auth>
                S: <success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>
                """);
    }

    @Test
    void reloadListsWhatChangedAndWhatNeedsARestart() throws Exception {
        daemon.result(Json.MAPPER.readTree("""
                {"added":["c@x"],"removed":["b@x"],"changed":[],"unchanged":["a@x"],"restartNeeded":["xmppd.data-dir"]}
                """));
        Cli.Run run = Cli.run(env, "reload");
        assertThat(daemon.request().path("method").asText()).isEqualTo("reload");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                added c@x
                removed b@x
                config reloaded: 1 added, 1 removed, 0 changed, 1 unchanged
                not applied until xmppd restarts: xmppd.data-dir
                """);
    }

    @Test
    void aRefusedReloadIsOneLineAndExitOne() throws Exception {
        daemon.lines("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1008,\"message\":\"config not reloaded: "
                + "xmppd.accounts[0].port: must be 1..65535, not 0 (/etc/xmppd/xmppd.conf: 9)\"}}");
        Cli.Run run = Cli.run(env, "reload");
        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("xmppctl: config not reloaded: xmppd.accounts[0].port: must be 1..65535, "
                + "not 0 (/etc/xmppd/xmppd.conf: 9)\n");
    }
}
