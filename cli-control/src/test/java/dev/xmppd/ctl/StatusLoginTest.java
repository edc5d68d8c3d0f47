package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The login part of {@code xmppctl status} (quick SASL2 login or classic) against a scripted daemon. */
class StatusLoginTest extends ScriptedDaemonFixture {
    @Test
    void statusShowsEachAccountsLoginPathAndTime() throws Exception {
        Cli.Run run = run("""
                {"accounts":[
                 {"jid":"alice@example.org","state":"online","boundJid":"alice@example.org/xmppd~x","server":"a:5222",
                  "features":[],"lastError":null,"since":"2026-01-02T03:04:05Z",
                  "login":{"path":"sasl2+bind2+fast","ms":41}},
                 {"jid":"bob@example.net","state":"online","boundJid":"bob@example.net/xmppd","server":"b:5222",
                  "features":[],"lastError":null,"since":"2026-01-02T03:00:00Z",
                  "login":{"path":"classic","ms":120}}]}
                """, "status");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).endsWith("""

                JID                LOGIN             TIME
                alice@example.org  sasl2+bind2+fast  41 ms
                bob@example.net    classic           120 ms
                """);
    }
}
