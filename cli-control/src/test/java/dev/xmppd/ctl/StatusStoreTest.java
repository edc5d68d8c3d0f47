package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The store line of {@code xmppctl status} against a scripted daemon: shown while writes fail, absent otherwise. */
class StatusStoreTest extends ScriptedDaemonFixture {

    private static final String ALICE = """
            {"jid":"alice@example.org","state":"online","boundJid":"alice@example.org/xmppd","server":"a:5222",
             "features":[],"lastError":null,"since":"2026-01-02T03:00:00Z"}""";

    @Test
    void aFailingStoreIsTheFirstLine() throws Exception {
        Cli.Run run = run("""
                {"accounts":[%s],
                 "store":{"state":"error","error":"IO Exception (No space left on device)",
                          "since":"2026-01-02T03:04:05.123456Z"}}
                """.formatted(ALICE), "status");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("store: error since 2026-01-02T03:04:05Z: IO Exception (No space left on"
                + " device) (nothing new is stored until a write succeeds)\n\nJID ");
    }

    @Test
    void aWorkingStoreIsNotShown() throws Exception {
        Cli.Run run = run("""
                {"accounts":[%s],"store":{"state":"ok","since":"2026-01-02T03:04:05Z"}}
                """.formatted(ALICE), "status");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("JID ").doesNotContain("store");
    }
}
