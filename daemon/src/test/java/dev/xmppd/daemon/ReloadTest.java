package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.control.ControlError;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.config.SettingsReader;
import dev.xmppd.daemon.systemd.Systemd;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.ProsodyServer;
import dev.xmppd.testbed.XmppServer;
import dev.xmppd.testbed.XmppServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reload} re-reads the config file: an added account logs in, a removed one stops, a changed one logs in
 * again, and an untouched one keeps its session (same XEP-0198 session id, bound JID and since, no second
 * authentication at the server).
 * A broken file changes nothing and says which key, file and line.
 */
@ExtendWith(XmppServers.class)
class ReloadTest {
    private static final Duration LOGIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void reloadAddsRemovesAndRestartsAccountsWhileAnUntouchedOneKeepsItsSession(ProsodyServer prosody)
            throws IOException {
        Account kept = prosody.newAccount("kept");
        Account dropped = prosody.newAccount("dropped");
        Account added = prosody.newAccount("added");
        Path daemonDir = dir.resolve("daemon");
        Path config = dir.resolve("xmppd.conf");
        write(config, prosody, List.of(entry(prosody, kept, "one"), entry(prosody, dropped, "one")));
        SettingsReader reader = new SettingsReader(Map.of(), dir, 1000);
        Supplier<DaemonSettings> settings = () -> reader.read(SettingsReader.load(Optional.of(config)));

        try (RunningDaemon daemon = RunningDaemon.start(daemonDir, settings.get().accounts(),
                new Guardian.Operations(Systemd.none(), settings))) {
            JsonNode before = daemon.awaitState(kept.jid(), "online", LOGIN);
            daemon.awaitState(dropped.jid(), "online", LOGIN);
            // Prosody writes its log asynchronously: count the first login only once it is written.
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> prosody.authSuccesses(kept.user()) >= 1);
            long keptLogins = prosody.authSuccesses(kept.user());
            // The XEP-0198 session id is reported shortly after online.
            String session = Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> daemon.status(kept.jid()).path("sm").path("id").asText(), id -> !id.isEmpty());

            write(config, prosody, List.of(entry(prosody, kept, "one"), entry(prosody, added, "one")));
            JsonNode changes = daemon.call("reload");
            assertThat(texts(changes, "added")).containsExactly(added.jid());
            assertThat(texts(changes, "removed")).containsExactly(dropped.jid());
            assertThat(texts(changes, "unchanged")).containsExactly(kept.jid());
            assertThat(texts(changes, "changed")).isEmpty();
            // The file names the daemon's own data dir and socket; the in-process daemon's other tuning may differ.
            assertThat(texts(changes, "restartNeeded")).as("reload answer %s", changes)
                    .doesNotContain("xmppd.data-dir", "xmppd.control.socket");
            daemon.awaitState(added.jid(), "online", LOGIN);
            daemon.awaitState(dropped.jid(), "disabled", LOGIN);

            write(config, prosody, List.of(entry(prosody, kept, "one"), entry(prosody, added, "two")));
            changes = daemon.call("reload");
            assertThat(texts(changes, "changed")).containsExactly(added.jid());
            assertThat(texts(changes, "unchanged")).containsExactly(kept.jid());
            JsonNode restarted = daemon.awaitState(added.jid(), "online", LOGIN);
            assertThat(restarted.path("boundJid").asText()).isEqualTo(added.jid("two"));

            Path broken = write(config, prosody, List.of(entry(prosody, kept, "one")
                    .replace(" }", ", port = 70000 }")));
            JsonNode refused = daemon.call("reload");
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(ControlError.CONFIG_INVALID);
            assertThat(refused.path("error").path("message").asText())
                    .startsWith("config not reloaded: xmppd.accounts[0].port: must be 1..65535, not 70000 (")
                    .contains(broken + ": ");
            assertThat(daemon.state(added.jid())).isEqualTo("online");

            JsonNode after = daemon.status(kept.jid());
            assertThat(after.path("state").asText()).isEqualTo("online");
            assertThat(after.path("since").asText()).isEqualTo(before.path("since").asText());
            assertThat(after.path("boundJid").asText()).isEqualTo(before.path("boundJid").asText());
            assertThat(after.path("sm").path("id").asText()).as("the untouched account's session").isEqualTo(session);
            assertThat(prosody.authSuccesses(kept.user())).as("logins of the untouched account").isEqualTo(keptLogins);
        }
    }

    private static List<String> texts(JsonNode changes, String field) {
        return java.util.stream.StreamSupport.stream(changes.path(field).spliterator(), false).map(JsonNode::asText)
                .toList();
    }

    private String entry(XmppServer server, Account account, String resource) throws IOException {
        Path password = dir.resolve(account.user() + ".password");
        Files.writeString(password, account.password() + "\n");
        return "{ jid = \"" + account.jid() + "\", password-file = \"" + password + "\", host = \"" + server.host()
                + "\", port = " + server.starttlsPort() + ", trusted-cert = \"" + server.certificatePem()
                + "\", resource = " + resource + " }";
    }

    /** The daemon's own paths and fast reconnects, so only the accounts differ between reloads. */
    private Path write(Path config, XmppServer server, List<String> accounts) throws IOException {
        Path daemonDir = dir.resolve("daemon");
        return Files.writeString(config, """
                xmppd {
                  data-dir = "%s"
                  control.socket = "%s"
                  reconnect { min-backoff = %dms, max-backoff = %dms }
                  accounts = [
                    %s
                  ]
                }
                """.formatted(daemonDir.resolve("data"), RunningDaemon.socketIn(daemonDir),
                RunningDaemon.FAST_RECONNECT.minBackoff().toMillis(), RunningDaemon.FAST_RECONNECT.maxBackoff().toMillis(),
                accounts.stream().collect(Collectors.joining("\n    "))));
    }
}
