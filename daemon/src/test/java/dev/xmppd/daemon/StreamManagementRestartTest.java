package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as its own process, stopped cleanly (SIGTERM) and killed (SIGKILL) inside the server's resumption
 * window: each new process resumes the stored XEP-0198 session (same id, the server logs the resumption) and gets
 * the message the server queued for it meanwhile, once.
 */
class StreamManagementRestartTest {

    private static final Duration LOGIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BothServers
    void aRestartedDaemonResumesItsSessionAfterACleanStopAndAfterAKill(XmppServer server) throws Exception {
        Account alice = server.newAccount("smrestart");
        Account bob = server.newAccount("smpeer");
        Path config = config(server, alice);
        Path socket = dir.resolve("run").resolve("control.sock");
        try (SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            String id;
            try (DaemonProcess first = DaemonProcess.start(config, socket, dir.resolve("first.out"), Map.of())) {
                first.awaitState(alice.jid(), "online", LOGIN);
                id = awaitSession(first, alice, 0);
                assertThat(first.terminate(Duration.ofSeconds(30))).as(first.output()).isZero();
            }
            peer.sendMessage(alice.jid(), "while stopped", "restart-1", "chat");

            try (DaemonProcess second = DaemonProcess.start(config, socket, dir.resolve("second.out"), Map.of())) {
                second.awaitState(alice.jid(), "online", LOGIN);
                assertThat(awaitSession(second, alice, 1)).as("the stopped daemon's session").isEqualTo(id);
                awaitArchived(second, alice, bob, List.of("while stopped"));
                kill(second);
            }
            peer.sendMessage(alice.jid(), "while killed", "restart-2", "chat");

            try (DaemonProcess third = DaemonProcess.start(config, socket, dir.resolve("third.out"), Map.of())) {
                third.awaitState(alice.jid(), "online", LOGIN);
                assertThat(awaitSession(third, alice, 2)).as("the killed daemon's session").isEqualTo(id);
                awaitArchived(third, alice, bob, List.of("while stopped", "while killed"));
                third.terminate(Duration.ofSeconds(30));
            }
        }
        server.awaitLog(resumedLine(server, alice), 2, LOGIN);
    }

    /** The line each server logs at a resumption (Prosody's through the testbed's mod_testbed_log). */
    private static String resumedLine(XmppServer server, Account alice) {
        return server.name().equals("prosody") ? "Resumed stream management session" : "Resumed session for "
                + alice.jid("xmppd");
    }

    /** Waits for a resumable session with this many resumptions; its id. */
    private static String awaitSession(DaemonProcess daemon, Account account, int resumptions) {
        Awaitility.await().atMost(LOGIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode sm = status(daemon, account).path("sm");
            assertThat(sm.path("resumable").asBoolean()).as("sm %s; output:%n%s", sm, daemon.output()).isTrue();
            assertThat(sm.path("resumptions").asInt()).as("sm %s", sm).isEqualTo(resumptions);
        });
        return status(daemon, account).path("sm").path("id").asText();
    }

    private static JsonNode status(DaemonProcess daemon, Account account) {
        for (JsonNode a : daemon.call("status", Map.of()).path("accounts")) {
            if (a.path("jid").asText().equals(account.jid())) {
                return a;
            }
        }
        throw new AssertionError("no status for " + account.jid());
    }

    private static void awaitArchived(DaemonProcess daemon, Account account, Account from, List<String> bodies) {
        Awaitility.await().atMost(LOGIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode history = daemon.call("history", Map.of("account", account.jid(), "with", from.jid()));
            List<String> got = new ArrayList<>();
            history.path("messages").forEach(m -> got.add(m.path("body").asText()));
            assertThat(got).as("history %s", history).containsExactlyElementsOf(bodies);
        });
    }

    /** SIGKILL, and wait until the process is gone (its database and socket are free). */
    private static void kill(DaemonProcess daemon) throws Exception {
        ProcessHandle handle = ProcessHandle.of(daemon.pid()).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    private Path config(XmppServer server, Account alice) throws IOException {
        Path password = Files.writeString(dir.resolve("alice.password"), alice.password() + "\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        return Files.writeString(dir.resolve("xmppd.conf"), """
                xmppd {
                  data-dir = "%s"
                  control.socket = "%s"
                  accounts = [{
                    jid = "%s"
                    password-file = "%s"
                    host = "%s"
                    port = %d
                    trusted-cert = "%s"
                    resource = xmppd
                  }]
                  stream.resume-after-restart = true
                }
                """.formatted(dir.resolve("data"), runtime.resolve("control.sock"), alice.jid(), password,
                server.host(), server.starttlsPort(), server.certificatePem()));
    }
}
