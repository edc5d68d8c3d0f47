package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.ctl.Environment;
import dev.xmppd.ctl.Xmppctl;
import dev.xmppd.daemon.control.JsonRpc;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.PeerMessage;
import dev.xmppd.testbed.RosterItem;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The user's path end to end: the real xmppctl against the real daemon and a real server. */
class XmppctlTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JsonRpc.MAPPER.readTree(out);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    static Run xmppctl(RunningDaemon daemon, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment environment = new Environment(Map.of("XMPPD_CONTROL_SOCKET", daemon.socket().toString()),
                () -> 0, new ByteArrayInputStream(new byte[0]), Optional.empty(), Duration.ofSeconds(30));
        CommandLine command = Xmppctl.commandLine(environment);
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BothServers
    void addAnAccountAndSeeItOnlineWithItsDiscoThenRemoveIt(XmppServer server) throws Exception {
        Account alice = server.newAccount("ctl");
        Path passwordFile = Files.writeString(dir.resolve("alice.password"), alice.password() + "\n");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            Run added = xmppctl(daemon, "account", "add", alice.jid(), "--host", server.host(), "--port",
                    String.valueOf(server.starttlsPort()), "--trusted-cert", server.certificatePem().toString(),
                    "--resource", "ctl", "--password-file", passwordFile.toString());
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(added.out() + added.err()).doesNotContain(alice.password());

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode status = xmppctl(daemon, "status", "--json").json();
                assertThat(status.path("accounts")).singleElement().satisfies(a -> {
                    assertThat(a.path("state").asText()).isEqualTo("online");
                    assertThat(a.path("boundJid").asText()).isEqualTo(alice.jid("ctl"));
                });
            });
            Run table = xmppctl(daemon, "status");
            assertThat(table.out()).contains(alice.jid()).contains("online").contains(alice.jid("ctl"));

            JsonNode disco = xmppctl(daemon, "disco", alice.jid(), "--json").json();
            assertThat(disco.path("entities").findValuesAsText("jid")).contains(server.domain(), server.mucDomain());
            assertThat(xmppctl(daemon, "disco", alice.jid()).out()).contains("urn:xmpp:blocking")
                    .contains("urn:xmpp:carbons:2").contains("urn:xmpp:mam:2").contains(server.mucDomain());

            // RFC 6121 §4.4.2: the server broadcasts our presence to our own available resources, us included.
            Run presence = xmppctl(daemon, "presence", alice.jid(), "away", "out", "for", "lunch");
            assertThat(presence.exitCode()).as(presence.err()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> daemon.transcript(alice.jid()).stream()
                    .filter(e -> e.direction() == dev.xmppd.daemon.net.Transcript.Direction.RECEIVED)
                    .flatMap(e -> e.element().stream())
                    .anyMatch(e -> e.name().equals("presence") && e.attribute("from").orElse("").equals(alice.jid("ctl"))
                            && e.childText("show", "jabber:client").orElse("").equals("away")
                            && e.childText("status", "jabber:client").orElse("").equals("out for lunch")));
            Run badShow = xmppctl(daemon, "presence", alice.jid(), "sleeping");
            assertThat(badShow.exitCode()).isNotZero();
            assertThat(badShow.err()).contains("sleeping");

            // Roster add, send and block typed as xmppctl commands, seen by slixmpp clients.
            Account bob = server.newAccount("ctlbob");
            try (SlixmppPeer phone = SlixmppPeer.connect(server, alice,
                    SlixmppPeer.Options.defaults().withResource("phone"));
                 SlixmppPeer bobClient = SlixmppPeer.connect(server, bob)) {
                Run rosterAdd = xmppctl(daemon, "roster", "add", alice.jid(), bob.jid(), "--name", "Bob");
                assertThat(rosterAdd.exitCode()).as(rosterAdd.err()).isZero();
                assertThat(phone.roster()).contains(new RosterItem(bob.jid(), "Bob", "none", List.of()));

                Run send = xmppctl(daemon, "send", alice.jid(), bob.jid(), "hello", "from", "xmppctl");
                assertThat(send.exitCode()).as(send.err()).isZero();
                assertThat(bobClient.awaitReceived(1, Duration.ofSeconds(30))).extracting(PeerMessage::body)
                        .containsExactly("hello from xmppctl");

                Run block = xmppctl(daemon, "block", alice.jid(), bob.jid());
                assertThat(block.exitCode()).as(block.err()).isZero();
                assertThat(phone.blocklist()).containsExactly(bob.jid());
                JsonNode blocklist = xmppctl(daemon, "blocklist", alice.jid(), "--json").json();
                assertThat(LoginTest.texts(blocklist.path("blocked"))).containsExactly(bob.jid());
            }

            Run removed = xmppctl(daemon, "account", "remove", alice.jid());
            assertThat(removed.exitCode()).as(removed.err()).isZero();
            assertThat(xmppctl(daemon, "account", "list", "--json").json().path("accounts")).isEmpty();
            Run unknown = xmppctl(daemon, "roster", alice.jid());
            assertThat(unknown.exitCode()).isEqualTo(Xmppctl.EXIT_FAILED);
            assertThat(unknown.err().strip()).startsWith("xmppctl: no account " + alice.jid()).doesNotContain("\n");

            assertThat(xmppctl(daemon, "shutdown").exitCode()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(daemon.socket()));
            Run notRunning = xmppctl(daemon, "status");
            assertThat(notRunning.exitCode()).isEqualTo(Xmppctl.EXIT_NOT_RUNNING);
            assertThat(notRunning.err()).contains("xmppd is not running");
        }
    }
}
