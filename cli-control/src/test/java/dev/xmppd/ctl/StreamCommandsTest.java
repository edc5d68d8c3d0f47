package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code xmppctl csi} and the stream part of {@code xmppctl status} against a scripted daemon. */
class StreamCommandsTest extends ScriptedDaemonFixture {
    @Test
    void csiSendsTheStateAndSaysIt() throws Exception {
        Cli.Run run = run("{\"ok\":true}", "csi", "alice@example.org", "Active");

        assertCall("csi", "{\"account\":\"alice@example.org\",\"state\":\"active\"}");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("alice@example.org is now active\n");
    }

    @Test
    void csiRefusesAnotherStateWithoutCallingTheDaemon() throws Exception {
        Cli.Run run = run("{\"ok\":true}", "csi", "alice@example.org", "asleep");

        assertThat(run.exit()).isEqualTo(Xmppctl.EXIT_USAGE);
        assertThat(run.err()).contains("active or inactive").contains("asleep");
        assertThat(daemon.noRequest()).isTrue();
    }

    @Test
    void statusShowsStreamManagementAndClientStateOfAccountsThatHaveThem() throws Exception {
        Cli.Run run = run("""
                {"accounts":[
                 {"jid":"alice@example.org","state":"online","boundJid":"alice@example.org/xmppd","server":"example.org",
                  "features":[],"lastError":null,"since":"2026-01-02T03:04:05Z",
                  "sm":{"id":"g2gCZAAH","resumable":true,"inbound":12,"outbound":30,"unacked":1,"resumptions":2},
                  "csi":"inactive"},
                 {"jid":"bob@example.net","state":"disabled","boundJid":null,"server":null,"features":[],
                  "lastError":null,"since":"2026-01-02T03:00:00Z"}]}
                """, "status");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                JID                STATE     BOUND JID                SERVER       SINCE                 LAST ERROR
                alice@example.org  online    alice@example.org/xmppd  example.org  2026-01-02T03:04:05Z  -
                bob@example.net    disabled  -                        -            2026-01-02T03:00:00Z  -

                JID                SM ID     RESUMABLE  IN  OUT  UNACKED  RESUMED  CSI
                alice@example.org  g2gCZAAH  yes        12  30   1        2        inactive
                """);
    }
}
