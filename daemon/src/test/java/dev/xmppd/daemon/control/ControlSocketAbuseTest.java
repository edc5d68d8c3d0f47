package dev.xmppd.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local clients that misbehave on the control socket (issue 8): many at once, ones that vanish mid-request or
 * mid-answer, a 100 MiB line, another uid. The server runs with the daemon's real line limit (1 MiB). After each
 * abuse a fresh client must still be served by a store-backed method, which goes through the same actor path as
 * {@code status}.
 */
class ControlSocketAbuseTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"account.list\"}";

    @TempDir
    Path tmp;
    private Path socket;
    private ActorRef<Store.Command> store;
    private ActorRef<ControlServer.Command> server;
    private final CompletableFuture<JsonNode> held = new CompletableFuture<>();

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
        methods.put("held", (params, notifier) -> held);
        methods.put("big", (params, notifier) -> CompletableFuture.completedFuture(
                JsonRpc.MAPPER.createObjectNode().put("blob", "y".repeat(8 << 20))));
        ServerSocketChannel channel = ControlSocket.bind(socket);
        server = KIT.spawn(ControlServer.create(channel, socket, methods));
    }

    @AfterEach
    void stop() {
        KIT.stop(server);
        KIT.stop(store);
    }

    private void assertStillServing() throws IOException {
        try (LineClient next = new LineClient(socket)) {
            assertThat(next.call(LIST).path("result").path("accounts").isArray()).isTrue();
        }
    }

    @Test
    void twoHundredConcurrentClientsAreAllAnswered() throws Exception {
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                clients.add(new LineClient(socket));
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"account.list\"}");
            }
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (LineClient client : clients) {
                    answers.add(readers.submit(client::read));
                }
                for (int i = 0; i < answers.size(); i++) {
                    JsonNode answer = answers.get(i).get(30, TimeUnit.SECONDS);
                    assertThat(answer.path("id").asInt()).isEqualTo(i);
                    assertThat(answer.path("result").path("accounts").isArray()).isTrue();
                }
            }
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
        assertStillServing();
    }

    @Test
    void clientsThatDisconnectMidRequestLeaveTheOthersServed() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (LineClient half = new LineClient(socket)) {
                half.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"meth".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertStillServing();
    }

    @Test
    void aClientGoneBeforeItsAnswerIsReadyLeavesTheOthersServed() throws IOException {
        try (LineClient gone = new LineClient(socket)) {
            gone.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"held\"}");
        }
        held.complete(JsonRpc.MAPPER.createObjectNode().put("late", true));
        assertStillServing();
    }

    @Test
    void aClientGoneMidAnswerLeavesTheOthersServed() throws IOException {
        for (int i = 0; i < 5; i++) {
            try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                raw.connect(UnixDomainSocketAddress.of(socket));
                Channels.newOutputStream(raw).write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"big\"}\n"
                        .getBytes(StandardCharsets.UTF_8));
                // read the start of the 8 MiB answer, then hang up while the server is still writing it
                byte[] start = Channels.newInputStream(raw).readNBytes(64 * 1024);
                assertThat(new String(start, 0, 10, StandardCharsets.UTF_8)).startsWith("{\"");
            }
        }
        assertStillServing();
    }

    @Test
    void aHundredMebibyteLineIsRefusedWithoutReadingItAll() throws Exception {
        AtomicLong accepted = new AtomicLong();
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX);
             ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
            raw.connect(UnixDomainSocketAddress.of(socket));
            Future<Boolean> refused = writer.submit(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                OutputStream out = Channels.newOutputStream(raw);
                try {
                    for (long sent = 0; sent < 100L << 20; sent += chunk.length) {
                        out.write(chunk);
                        accepted.addAndGet(chunk.length);
                    }
                    return false;
                } catch (IOException e) {
                    return true; // broken pipe or reset: the server closed the connection
                }
            });
            JsonNode answer = JsonRpc.MAPPER.readTree(new java.io.BufferedReader(new java.io.InputStreamReader(
                    Channels.newInputStream(raw), StandardCharsets.UTF_8)).readLine());
            assertThat(answer.path("error").path("code").asInt()).isEqualTo(ControlError.INVALID_REQUEST);
            assertThat(answer.path("error").path("message").asText()).contains("longer than " + ControlServer.MAX_LINE_BYTES);
            assertThat(refused.get(60, TimeUnit.SECONDS)).as("the server stopped reading the line").isTrue();
        }
        // 1 MiB line limit plus what the kernel's socket buffers held: far from the 100 MiB offered
        assertThat(accepted.get()).isLessThan(16L << 20);
        assertStillServing();
    }

    @Test
    void aClientRunningAsAnotherUidIsRefused() throws Exception {
        // The daemon only binds in a 0700 directory. To let another uid reach the socket at all (as if it had got
        // hold of it some other way), open the path after the bind; SO_PEERCRED must still refuse the peer.
        for (Path dir = socket.getParent(); dir.startsWith(tmp.getParent()) && !dir.equals(tmp.getParent());
             dir = dir.getParent()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        String script = """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sys.argv[1])
                try:
                    s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"account.list"}\\n')
                    s.settimeout(20)
                    data = s.recv(65536)
                except OSError as e:
                    data = b''
                print('connected', len(data), data.decode('utf-8', 'replace'))
                """;
        assertThat(runPython("root", script)).startsWith("connected ").contains("accounts");
        String asNobody = runPython("nobody", script);
        assertThat(asNobody).as("nobody connected but got no answer").isEqualTo("connected 0");
        assertStillServing();
    }

    private String runPython(String user, String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("runuser", "-u", user, "--", "/usr/bin/python3", "-c", script,
                socket.toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
