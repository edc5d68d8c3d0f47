package dev.xmppd.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.store.Store;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final int MAX_LINE = 4096;
    private static final int FLOOD_CHUNKS = 200;
    private static final String FLOOD_CHUNK = "x".repeat(64 * 1024);
    /** 64 MiB of notifications: four times what a client may leave unread. */
    private static final int SPRAY_CHUNKS = (int) (4 * ControlConnection.MAX_PENDING / FLOOD_CHUNK.length());

    @TempDir
    Path tmp;
    private Path socket;
    private ActorRef<Store.Command> store;
    private ActorRef<ControlServer.Command> server;
    private final java.util.concurrent.atomic.AtomicInteger flooded = new java.util.concurrent.atomic.AtomicInteger();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void start() throws IOException {
        socket = tmp.resolve("run/xmppd/control.sock");
        store = KIT.spawn(Store.create(tmp.resolve("data/xmppd"), tmp.resolve("data/secrets"), Clock.systemUTC()),
                DispatcherSelector.fromConfig(Store.DISPATCHER));
        Map<String, ControlMethod> methods = new HashMap<>(new StoreMethods(store, KIT.scheduler()).methods());
        methods.put("echo", (params, notifier) -> CompletableFuture.completedFuture(
                JsonRpc.MAPPER.createObjectNode().put("jid", params.bareJid("jid"))));
        methods.put("count", (params, notifier) -> {
            for (int i = 1; i <= 3; i++) {
                notifier.notify("count.progress", JsonRpc.MAPPER.createObjectNode().put("n", i));
            }
            return CompletableFuture.completedFuture(JsonRpc.MAPPER.createObjectNode().put("done", 3));
        });
        methods.put("flood", (params, notifier) -> flood(notifier, 0));
        // Like tail and console: notifications as events come, without waiting for the client to read them.
        methods.put("spray", (params, notifier) -> {
            for (int i = 0; i < SPRAY_CHUNKS; i++) {
                notifier.notify("spray.chunk", JsonRpc.MAPPER.createObjectNode().put("data", FLOOD_CHUNK));
            }
            return CompletableFuture.completedFuture(JsonRpc.MAPPER.createObjectNode().put("done", SPRAY_CHUNKS));
        });
        methods.put("boom", (params, notifier) -> {
            throw new IllegalStateException("internal detail that should stay in the log");
        });
        ServerSocketChannel channel = ControlSocket.bind(socket);
        server = KIT.spawn(ControlServer.create(channel, socket, methods, MAX_LINE));
    }

    @AfterEach
    void stop() {
        KIT.stop(server);
        KIT.stop(store);
    }

    /** Like export: a chunk, then the next only once this one is written to the client. */
    private java.util.concurrent.CompletionStage<JsonNode> flood(Notifier notifier, int sent) {
        if (sent == FLOOD_CHUNKS) {
            return CompletableFuture.completedFuture(JsonRpc.MAPPER.createObjectNode().put("done", sent));
        }
        notifier.notify("flood.chunk", JsonRpc.MAPPER.createObjectNode().put("data", FLOOD_CHUNK));
        flooded.incrementAndGet();
        return notifier.written().thenCompose(written -> flood(notifier, sent + 1));
    }

    private static int errorCode(JsonNode response) {
        return response.path("error").path("code").asInt();
    }

    /** A client that asks for a stream and stops reading is disconnected, not buffered without end; others go on. */
    @Test
    void aClientThatStopsReadingNotificationsIsDisconnected() throws IOException {
        try (LineClient slow = new LineClient(socket)) {
            slow.send("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"spray\"}");
            try (LineClient other = new LineClient(socket)) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(other.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\","
                                + "\"params\":{\"jid\":\"a@b\"}}").path("result").path("jid").asText())
                                .isEqualTo("a@b"));
            }
            int received = 0;
            JsonNode line;
            while ((line = readOrNull(slow)) != null && line.path("method").asText().equals("spray.chunk")) {
                received++;
            }
            assertThat(line).as("the connection ends without the answer").isNull();
            assertThat(received).as("only what was queued before the limit reached the client")
                    .isLessThan(SPRAY_CHUNKS / 2);
        }
    }

    /** The next line, or null at the end: also a reset, or the last line cut where the connection was closed. */
    private static JsonNode readOrNull(LineClient client) throws IOException {
        try {
            return client.read();
        } catch (java.net.SocketException | com.fasterxml.jackson.core.JsonProcessingException end) {
            return null;
        }
    }

    @Test
    void socketIs0600InA0700Directory() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void answersAMethodWithItsIdAndResult() throws IOException {
        try (LineClient client = new LineClient(socket)) {
            JsonNode response = client.call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\",\"params\":{\"jid\":\"Alice@Example.ORG\"}}");
            assertThat(response.path("id").asInt()).isEqualTo(7);
            assertThat(response.path("result").path("jid").asText()).isEqualTo("alice@example.org");
        }
    }

    @Test
    void protocolErrorsAreAnsweredAndTheConnectionKeepsServing() throws IOException {
        try (LineClient client = new LineClient(socket)) {
            JsonNode parse = client.call("{not json");
            assertThat(errorCode(parse)).isEqualTo(-32700);
            assertThat(parse.get("id").isNull()).isTrue();

            assertThat(errorCode(client.call("[1,2]"))).isEqualTo(-32600);
            assertThat(errorCode(client.call("{\"id\":1,\"method\":\"echo\"}"))).isEqualTo(-32600);

            JsonNode unknown = client.call("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"frobnicate\"}");
            assertThat(errorCode(unknown)).isEqualTo(-32601);
            assertThat(unknown.path("id").asText()).isEqualTo("a");
            assertThat(unknown.path("error").path("message").asText()).contains("frobnicate");

            JsonNode badJid = client.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":{\"jid\":\"a@b@c\"}}");
            assertThat(errorCode(badJid)).isEqualTo(-32602);
            assertThat(badJid.path("error").path("message").asText()).startsWith("param 'jid'");

            JsonNode fullJid = client.call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"echo\",\"params\":{\"jid\":\"a@b/r\"}}");
            assertThat(fullJid.path("error").path("message").asText()).contains("bare JID");

            assertThat(errorCode(client.call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"echo\",\"params\":[1]}")))
                    .isEqualTo(-32602);

            JsonNode boom = client.call("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"boom\"}");
            assertThat(errorCode(boom)).isEqualTo(-32603);
            assertThat(boom.path("error").path("message").asText()).doesNotContain("internal detail");

            assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"echo\",\"params\":{\"jid\":\"b@c\"}}")
                    .path("result").path("jid").asText()).isEqualTo("b@c");
        }
    }

    @Test
    void anOversizedLineIsRejectedAndClosedWhileOtherClientsAreServed() throws IOException {
        try (LineClient big = new LineClient(socket)) {
            byte[] line = new byte[MAX_LINE * 4];
            Arrays.fill(line, (byte) 'x');
            big.sendRaw(line);
            JsonNode response = big.read();
            assertThat(errorCode(response)).isEqualTo(-32600);
            assertThat(response.path("error").path("message").asText()).contains("longer than " + MAX_LINE);
            assertThat(big.closedByPeer()).isTrue();
        }
        try (LineClient next = new LineClient(socket)) {
            assertThat(next.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"account.list\"}").path("result")
                    .path("accounts").isArray()).isTrue();
        }
    }

    @Test
    void aStreamingMethodSendsNotificationsThenItsResult() throws IOException {
        try (LineClient client = new LineClient(socket)) {
            client.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"count\"}");
            for (int i = 1; i <= 3; i++) {
                JsonNode note = client.read();
                assertThat(note.has("id")).isFalse();
                assertThat(note.path("method").asText()).isEqualTo("count.progress");
                assertThat(note.path("params").path("request").asInt()).isEqualTo(9);
                assertThat(note.path("params").path("n").asInt()).isEqualTo(i);
            }
            assertThat(client.read().path("result").path("done").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aStreamThatWaitsForItsWritesStaysAFewChunksAheadOfAClientThatDoesNotRead() throws IOException {
        try (LineClient client = new LineClient(socket)) {
            client.send("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"flood\"}");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> flooded.get() > 0);
            // Nothing is read: what was produced fits the socket buffers, a few chunks of 64 KiB, not all 200.
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> flooded.get() < 40);
            for (int i = 0; i < FLOOD_CHUNKS; i++) {
                assertThat(client.read().path("method").asText()).isEqualTo("flood.chunk");
            }
            assertThat(client.read().path("result").path("done").asInt()).isEqualTo(FLOOD_CHUNKS);
        }
    }

    @Test
    void aNotificationCallGetsNoResponse() throws IOException {
        try (LineClient client = new LineClient(socket)) {
            client.send("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"jid\":\"a@b\"}}");
            JsonNode next = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"jid\":\"c@d\"}}");
            assertThat(next.path("id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void storeBackedMethodsReportAnUnknownAccount() throws IOException {
        try (LineClient client = new LineClient(socket)) {
            JsonNode roster = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"roster\",\"params\":{\"account\":\"ghost@example.org\"}}");
            assertThat(errorCode(roster)).isEqualTo(ControlError.UNKNOWN_ACCOUNT);
            assertThat(roster.path("error").path("message").asText()).contains("ghost@example.org");
        }
    }

    @Test
    void aSecondDaemonOnALiveSocketIsRefused() {
        assertThatThrownBy(() -> ControlSocket.bind(socket)).isInstanceOf(ControlSocket.RefusedException.class)
                .hasMessageContaining("already running");
    }

    @Test
    void theSocketFileIsRemovedWhenTheServerStops() {
        KIT.stop(server);
        assertThat(socket).doesNotExist();
        server = KIT.spawn(org.apache.pekko.actor.typed.javadsl.Behaviors.empty());
    }

    @Test
    void aStaleSocketFromADeadDaemonIsReplaced() throws IOException {
        Path other = tmp.resolve("stale/control.sock");
        ServerSocketChannel dead = ControlSocket.bind(other);
        dead.close(); // the file stays, as after a crash
        assertThat(other).exists();
        try (ServerSocketChannel fresh = ControlSocket.bind(other)) {
            assertThat(fresh.isOpen()).isTrue();
        }
    }

    @Test
    void aSymlinkedDirectoryIsRefused() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> ControlSocket.bind(link.resolve("control.sock")))
                .isInstanceOf(ControlSocket.RefusedException.class).hasMessageContaining("symlink");
    }

    @Test
    void aWorldWritableDirectoryIsRefused() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ControlSocket.bind(open.resolve("control.sock")))
                .isInstanceOf(ControlSocket.RefusedException.class).hasMessageContaining("0700");
    }

    @Test
    void aRegularFileInPlaceOfTheSocketIsNotReplaced() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("file"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path file = Files.writeString(dir.resolve("control.sock"), "precious", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ControlSocket.bind(file)).isInstanceOf(ControlSocket.RefusedException.class);
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void paramsObjectIsUsedAsIs() {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode().put("port", 70000);
        assertThatThrownBy(() -> new Params(node).optionalPort("port")).isInstanceOf(ControlError.class)
                .hasMessageContaining("1..65535");
    }
}
