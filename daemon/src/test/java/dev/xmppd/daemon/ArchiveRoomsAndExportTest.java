package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.daemon.control.JsonRpc;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.PeerMessage;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** MUC archives, full-text search and export, against the real servers. */
class ArchiveRoomsAndExportTest {

    @TempDir
    Path dir;

    @BothServers
    void roomMessagesSentWhileWeWereAwayAreCaughtUpFromTheRoomsArchive(XmppServer server) {
        Account alice = server.newAccount("member");
        Account bob = server.newAccount("owner");
        String room = "lounge-" + alice.user() + "@" + server.mucDomain();
        try (SlixmppPeer owner = SlixmppPeer.connect(server, bob)) {
            openRoom(owner, room, "room msg ", "r-", 20);
            ArchiveSettings archive = ArchiveSettings.DEFAULTS.withRooms(List.of(
                    new ArchiveSettings.Room(alice.jid(), room, Optional.of("alice"), Optional.empty())));
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of(), archive)) {
                daemon.addAccount(server, alice);
                caughtUpFromTheRoom(daemon, owner, alice, room, "room msg ", 20);

                owner.sendMessage(room, "said while we are in", "r-live", "groupchat");
                ArchiveSyncTest.awaitMessages(daemon, alice, 21);
                JsonNode live = daemon.call("history", Map.of("account", alice.jid(), "with", room, "limit", 1));
                assertThat(ArchiveSyncTest.texts(live, "body")).containsExactly("said while we are in");
                assertThat(ArchiveSyncTest.texts(live, "id").getFirst()).isNotEmpty().isNotEqualTo("null");
            }
        }
    }

    /** A sync ends caught up, and the room's history is its {@code count} messages, the same ids as its archive. */
    private static void caughtUpFromTheRoom(RunningDaemon daemon, SlixmppPeer owner, Account alice, String room,
                                            String body, int count) {
        JsonNode sync = daemon.call("sync", Map.of("account", alice.jid()));
        assertThat(sync.path("accounts").get(0).path("state").asText()).as("sync: %s", sync).isEqualTo("caught-up");
        JsonNode history = daemon.call("history", Map.of("account", alice.jid(), "with", room, "limit", 100));
        assertThat(ArchiveSyncTest.texts(history, "body"))
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> body + i).toList());
        assertThat(ArchiveSyncTest.texts(history, "archive")).containsOnly(room);
        Set<String> roomIds = new HashSet<>();
        owner.mamQueryArchive(room).stream().map(PeerMessage::stanzaId).forEach(roomIds::add);
        assertThat(new HashSet<>(ArchiveSyncTest.texts(history, "id"))).isEqualTo(roomIds);
    }

    /** {@code owner} creates the room and sends {@code count} messages to it while we are away. */
    private static void openRoom(SlixmppPeer owner, String room, String body, String idPrefix, int count) {
        owner.joinRoom(room, "bob");
        // XEP-0045 §10.1.2: accept the default configuration, so the new room opens to others.
        owner.iq("<iq type='set' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
        for (int i = 0; i < count; i++) {
            owner.sendMessage(room, body + i, idPrefix + i, "groupchat");
        }
    }

    /** No room in the config: the room comes from the account's PEP bookmarks (XEP-0402), which another client set. */
    @BothServers
    void aRoomInTheAccountsBookmarksIsJoinedAndCaughtUpFromItsArchive(XmppServer server) {
        Account alice = server.newAccount("marked");
        Account bob = server.newAccount("host");
        String room = "marked-" + alice.user() + "@" + server.mucDomain();
        try (SlixmppPeer owner = SlixmppPeer.connect(server, bob)) {
            openRoom(owner, room, "bookmarked ", "b-", 5);
            try (SlixmppPeer phone = SlixmppPeer.connect(server, alice,
                    SlixmppPeer.Options.defaults().withResource("phone").withPresence(false))) {
                phone.iq(bookmark(room, "alice"));
            }
            try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
                daemon.addAccount(server, alice);
                caughtUpFromTheRoom(daemon, owner, alice, room, "bookmarked ", 5);
            }
        }
    }

    /** XEP-0402 §3: a room bookmark published to our own PEP node, persistent and private (publish-options). */
    private static String bookmark(String room, String nick) {
        return "<iq type='set'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<publish node='urn:xmpp:bookmarks:1'><item id='" + room + "'>"
                + "<conference xmlns='urn:xmpp:bookmarks:1' name='Marked' autojoin='true'><nick>" + nick + "</nick>"
                + "</conference></item></publish><publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'>"
                + "<value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                + "<field var='pubsub#persist_items'><value>true</value></field>"
                + "<field var='pubsub#access_model'><value>whitelist</value></field>"
                + "</x></publish-options></pubsub></iq>";
    }

    @BothServers
    void searchFindsOneWordAmongTenThousandMessagesAndBothExportsParseBack(XmppServer server) throws Exception {
        Account alice = server.newAccount("exporter");
        Account bob = server.newAccount("chatty");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of());
             SlixmppPeer peer = SlixmppPeer.connect(server, bob)) {
            daemon.addAccount(server, alice);
            daemon.call("sync", Map.of("account", alice.jid()));
            peer.send(alice.jid(), "filler & <noise>", 9_999, "f");
            peer.sendMessage(alice.jid(), "the xylophone is here", "needle", "chat");
            ArchiveSyncTest.awaitMessages(daemon, alice, 10_000);

            JsonNode found = daemon.call("search", Map.of("text", "Xylophone", "account", alice.jid()));
            assertThat(ArchiveSyncTest.texts(found, "body")).containsExactly("the xylophone is here");
            assertThat(daemon.call("search", Map.of("text", "noise", "with", bob.jid(), "limit", 20000))
                    .path("messages")).hasSize(9_999);

            StringBuilder jsonl = new StringBuilder();
            JsonNode exported = daemon.call("export", Map.of("account", alice.jid(), "format", "jsonl"),
                    note -> jsonl.append(note.path("data").asText()));
            assertThat(exported.path("messages").asLong()).isEqualTo(10_000);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : jsonl.toString().split("\n")) {
                lines.add(JsonRpc.MAPPER.readTree(line));
            }
            assertThat(lines).hasSize(10_000);
            assertThat(lines.stream().map(l -> l.path("id").asText()).distinct()).hasSize(10_000);
            assertThat(lines.getLast().path("body").asText()).isEqualTo("the xylophone is here");

            StringBuilder xml = new StringBuilder();
            daemon.call("export", Map.of("account", alice.jid(), "format", "xml"),
                    note -> xml.append(note.path("data").asText()));
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                    xml.toString().getBytes(StandardCharsets.UTF_8)));
            NodeList items = document.getDocumentElement().getElementsByTagNameNS("urn:xmppd:archive:0", "item");
            assertThat(items.getLength()).isEqualTo(10_000);
            Element first = (Element) items.item(0);
            assertThat(first.getAttribute("id")).isNotEmpty();
            assertThat(first.getAttribute("timestamp")).isNotEmpty();
            Element message = (Element) first.getElementsByTagNameNS("jabber:client", "message").item(0);
            assertThat(message.getElementsByTagNameNS("jabber:client", "body").item(0).getTextContent())
                    .isEqualTo("filler & <noise> 0");
        }
    }
}
