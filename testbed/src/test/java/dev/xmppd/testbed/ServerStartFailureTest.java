package dev.xmppd.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A server that cannot start is an error carrying the server's own output, never a skip or a silent hang. */
class ServerStartFailureTest {

    @Test
    void aProsodyThatCannotReadItsConfigFailsWithItsLog() throws IOException {
        ProsodyServer server = new ProsodyServer();
        try {
            Files.writeString(server.directory().resolve("prosody.cfg.lua"), "this is { not Lua\n");

            assertThatThrownBy(server::start).isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("prosody exited with status")
                    .hasMessageContaining("----- server log -----")
                    .hasMessageContaining("prosody.cfg.lua");
            assertThat(server.isRunning()).isFalse();
        } finally {
            server.close();
        }
    }
}
