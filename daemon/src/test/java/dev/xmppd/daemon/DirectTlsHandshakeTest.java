package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon's TLS handshake says on the wire, as a JDK TLS server sees it (a {@link ScriptedServer}): on a
 * direct-TLS port ALPN offers {@code xmpp-client} (XEP-0368 §3) and SNI names the XMPP domain, not the address
 * connected to (here 127.0.0.1; the domain is {@code localhost}, which the JDK leaves out of SNI by itself). On
 * STARTTLS SNI names the domain too and no ALPN is offered (the port speaks XMPP only).
 */
class DirectTlsHandshakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void directTlsOffersAlpnXmppClientAndNamesTheDomainInSni() throws Exception {
        try (ScriptedServer server = ScriptedServer.startDirectTls(Files.createDirectories(dir.resolve("server")),
                c -> CannedLogin.online(c, "alice@localhost/xmppd"));
             RunningDaemon daemon = RunningDaemon.start(Files.createDirectories(dir.resolve("daemon")), List.of())) {
            add(daemon, server, "alice@localhost", true);
            daemon.awaitState("alice@localhost", "online", WAIT);

            assertThat(server.host()).as("connected by address, so SNI can only come from the domain")
                    .isEqualTo("127.0.0.1");
            assertThat(server.handshakes()).singleElement().satisfies(h -> {
                assertThat(h.alpnOffered()).containsExactly("xmpp-client");
                assertThat(h.alpnChosen()).isEqualTo("xmpp-client");
                assertThat(h.serverNames()).containsExactly("localhost");
            });
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void startTlsNamesTheDomainInSniWithoutAlpn() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Files.createDirectories(dir.resolve("server")),
                c -> CannedLogin.online(c, "alice@localhost/xmppd"));
             RunningDaemon daemon = RunningDaemon.start(Files.createDirectories(dir.resolve("daemon")), List.of())) {
            add(daemon, server, "alice@localhost", false);
            daemon.awaitState("alice@localhost", "online", WAIT);

            assertThat(server.handshakes()).singleElement().satisfies(h -> {
                assertThat(h.alpnOffered()).isEmpty();
                assertThat(h.serverNames()).containsExactly("localhost");
            });
            assertThat(server.failures()).isEmpty();
        }
    }

    private static void add(RunningDaemon daemon, ScriptedServer server, String jid, boolean directTls) {
        Map<String, Object> params = new HashMap<>(Map.of("jid", jid, "password", "secret", "host", server.host(),
                "port", server.port(), "trustedCert", server.certificate().certificatePem().toString()));
        params.put("directTls", directTls);
        JsonNode added = daemon.call("account.add", params);
        assertThat(added.path("jid").asText()).as("account.add: %s", added).isEqualTo(jid);
        assertThat(added.path("directTls").asBoolean()).isEqualTo(directTls);
    }
}
