package dev.xmppd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.ctl.CommandFailure;
import dev.xmppd.ctl.ControlClient;
import dev.xmppd.ctl.Json;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.DaemonProcess;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;

/**
 * One archive fetched three ways: {@link BareMamClient} (pages, parses, stores nothing), Smack 4.4's
 * {@code MamManager} (pages into Smack {@code Message} objects, stores nothing), and xmppd's {@code sync} (every
 * page stored in H2 in one transaction, deduplicated and indexed). All page with RSM and the same page size.
 */
final class ArchiveCatchUp {
    static final int PAGE = 250;

    private ArchiveCatchUp() {
    }

    /** A fresh account whose archive holds {@code messages} chat messages; returns it and the fill rate. */
    record Filled(Account account, double messagesPerSecond) {
    }

    static Filled fill(XmppServer server, int messages) throws Exception {
        Account alice = server.newAccount("archive");
        Account bob = server.newAccount("sender");
        long start = System.nanoTime();
        // A resource of alice is online while bob sends: the server delivers and archives, keeps no offline copies.
        try (SlixmppPeer sink = SlixmppPeer.connect(server, alice, SlixmppPeer.Options.defaults().withResource("sink"));
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            for (int sent = 0; sent < messages; sent += 5_000) {
                peer.send(alice.jid(), "message number", Math.min(5_000, messages - sent), "b" + sent);
            }
        }
        return new Filled(alice, messages / ((System.nanoTime() - start) / 1e9));
    }

    static BareMamClient.Run bare(XmppServer server, Account alice) throws Exception {
        try (BareMamClient client = BareMamClient.login(server.host(), server.starttlsPort(), server.domain(),
                server.certificatePem(), alice.user(), alice.password())) {
            return client.pageAll(PAGE);
        }
    }

    /** Smack: logged in first (not timed), then MamManager from the oldest page to the last. */
    static BareMamClient.Run smack(XmppServer server, Account alice) throws Exception {
        XMPPTCPConnection connection = SmackLogin.of(server.host(), server.starttlsPort(), server.domain(),
                server.certificatePem()).login(alice.user(), alice.password(), "smack-mam", Duration.ofSeconds(120));
        try {
            long start = System.nanoTime();
            MamManager.MamQuery query = MamManager.getInstanceFor(connection)
                    .queryArchive(MamManager.MamQueryArgs.builder().setResultPageSize(PAGE).build());
            long messages = query.getMessageCount();
            int pages = 1;
            while (!query.isComplete()) {
                messages += query.pageNext(PAGE).size();
                pages++;
            }
            return new BareMamClient.Run(messages, pages, System.nanoTime() - start);
        } finally {
            connection.disconnect();
        }
    }

    /**
     * xmppd in its own process, every message stored: the round's own time from its first archive query to the last
     * page's commit (the sync reply's {@code ms}), so that, like the other clients, its login is not counted.
     */
    static BareMamClient.Run xmppd(Path dir, XmppServer server, Account alice, int messages) {
        try (DaemonProcess daemon = DaemonProcess.start(dir, server, alice, "xmppd.archive.page-size = " + PAGE,
                "xmppd")) {
            Path socket = daemon.socket();
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(CommandFailure.class)
                    .until(() -> new ControlClient(socket, Duration.ofSeconds(5)).call("status", Json.object())
                            .has("accounts"));
            JsonNode sync = new ControlClient(socket, Duration.ofMinutes(10)).call("sync",
                    Json.object().put("account", alice.jid()));
            assertThat(sync.path("accounts").get(0).path("state").asText()).as("sync: %s", sync)
                    .isEqualTo("caught-up");
            long nanos = sync.path("accounts").get(0).path("ms").asLong() * 1_000_000L;
            assertThat(nanos).as("sync: %s", sync).isPositive();
            JsonNode status = new ControlClient(socket, Duration.ofSeconds(10)).call("status", Json.object())
                    .path("accounts").get(0);
            long stored = status.path("archive").path("messages").asLong();
            assertThat(stored).isEqualTo(messages);
            new ControlClient(socket, Duration.ofSeconds(10)).call("shutdown", Json.object());
            daemon.awaitExit(Duration.ofSeconds(30));
            return new BareMamClient.Run(stored, (int) Math.ceil(stored / (double) PAGE), nanos);
        }
    }
}
