package dev.xmppd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.account.AccountEnvironment;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.config.LogFormat;
import dev.xmppd.daemon.config.ReconnectSettings;
import dev.xmppd.daemon.config.StoreSettings;
import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.daemon.control.ControlSocket;
import dev.xmppd.daemon.control.JsonRpc;
import dev.xmppd.daemon.net.EventLoops;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.XmppServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.awaitility.Awaitility;

/**
 * The whole daemon in this JVM, as {@code bin/xmppd} runs it (Guardian, Store on H2 in a temp dir, control socket),
 * with fast reconnect backoff and every account's XML transcript recorded. Tests drive it over the real control
 * socket: with {@link #call} (JSON-RPC) or through {@code xmppctl} itself.
 */
public final class RunningDaemon implements AutoCloseable {
    public static final ReconnectSettings FAST_RECONNECT = new ReconnectSettings(Duration.ofMillis(200), Duration.ofSeconds(2));

    private final Path directory;
    private final Path socket;
    private final ActorSystem<Guardian.Command> system;
    private final Map<String, List<Transcript.Entry>> transcripts;
    private final AtomicLong ids = new AtomicLong();

    private RunningDaemon(Path directory, Path socket, ActorSystem<Guardian.Command> system,
                          Map<String, List<Transcript.Entry>> transcripts) {
        this.directory = directory;
        this.socket = socket;
        this.system = system;
        this.transcripts = transcripts;
    }

    public static RunningDaemon start(Path directory, List<AccountSettings> declared) {
        return start(directory, declared, EventLoops.create(2), true, ArchiveSettings.DEFAULTS, Guardian.Operations.none());
    }

    /** With archive settings (first sync policy, page size, rooms). */
    public static RunningDaemon start(Path directory, List<AccountSettings> declared, ArchiveSettings archive) {
        return start(directory, declared, EventLoops.create(2), true, archive, Guardian.Operations.none());
    }

    /** With systemd notifications and a config to reload. */
    public static RunningDaemon start(Path directory, List<AccountSettings> declared, Guardian.Operations operations) {
        return start(directory, declared, EventLoops.create(2), true, ArchiveSettings.DEFAULTS, operations);
    }

    /** The control socket path {@link #start} uses in {@code directory}, for a config file written before it. */
    public static Path socketIn(Path directory) {
        return directory.resolve("run").resolve("xmppd").resolve("control.sock");
    }

    /** With the caller's event loops (say, resolving through a test name server); the caller closes them. */
    public static RunningDaemon start(Path directory, List<AccountSettings> declared, EventLoops loops) {
        return start(directory, declared, loops, false, ArchiveSettings.DEFAULTS, Guardian.Operations.none());
    }

    /** With these stream settings (stream management, liveness probes, client state). */
    public static RunningDaemon start(Path directory, List<AccountSettings> declared, StreamSettings stream) {
        return start(directory, declared, EventLoops.create(2), true, ArchiveSettings.DEFAULTS,
                Guardian.Operations.none(), stream);
    }

    /**
     * Client state active, unlike the daemon's default: tests see presence as the server sends it (an inactive
     * client's presence updates are held back by the server, XEP-0352); ClientStateTest covers inactive.
     */
    private static RunningDaemon start(Path directory, List<AccountSettings> declared, EventLoops loops,
                                       boolean ownsLoops, ArchiveSettings archive,
                                       Guardian.Operations operations) {
        return start(directory, declared, loops, ownsLoops, archive, operations,
                StreamSettings.DEFAULTS.withClientState(ClientState.ACTIVE));
    }

    /** With this store (say, PostgreSQL) instead of H2 in the data dir. */
    public static RunningDaemon start(Path directory, List<AccountSettings> declared, StoreSettings store) {
        return start(directory, declared, EventLoops.create(2), true, ArchiveSettings.DEFAULTS,
                Guardian.Operations.none(), StreamSettings.DEFAULTS.withClientState(ClientState.ACTIVE), store);
    }

    private static RunningDaemon start(Path directory, List<AccountSettings> declared, EventLoops loops,
                                       boolean ownsLoops, ArchiveSettings archive,
                                       Guardian.Operations operations, StreamSettings stream) {
        return start(directory, declared, loops, ownsLoops, archive, operations, stream, StoreSettings.H2);
    }

    /** With these reconnect settings (say, fewer parallel logins) instead of {@link #FAST_RECONNECT}. */
    public static RunningDaemon start(Path directory, List<AccountSettings> declared, ReconnectSettings reconnect) {
        return start(directory, declared, EventLoops.create(2), true, ArchiveSettings.DEFAULTS,
                Guardian.Operations.none(), StreamSettings.DEFAULTS.withClientState(ClientState.ACTIVE),
                StoreSettings.H2, reconnect);
    }

    private static RunningDaemon start(Path directory, List<AccountSettings> declared, EventLoops loops,
                                       boolean ownsLoops, ArchiveSettings archive,
                                       Guardian.Operations operations, StreamSettings stream, StoreSettings store) {
        return start(directory, declared, loops, ownsLoops, archive, operations, stream, store, FAST_RECONNECT);
    }

    private static RunningDaemon start(Path directory, List<AccountSettings> declared, EventLoops loops,
                                       boolean ownsLoops, ArchiveSettings archive,
                                       Guardian.Operations operations, StreamSettings stream, StoreSettings store,
                                       ReconnectSettings reconnect) {
        try {
            Path runtime = Files.createDirectories(directory.resolve("run"));
            Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Path socket = socketIn(directory);
            DaemonSettings settings = new DaemonSettings(directory.resolve("data"), socket, LogFormat.TEXT, declared,
                    reconnect, archive, stream, store);
            Map<String, List<Transcript.Entry>> transcripts = new ConcurrentHashMap<>();
            AccountEnvironment environment = new AccountEnvironment(loops, ownsLoops,
                    // Not copy-on-write: each add would copy the whole list, quadratic under a flood of 100,000 elements.
                    jid -> entry -> transcripts.computeIfAbsent(jid,
                            k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(entry),
                    reconnect, Duration.ofSeconds(10), Clock.systemUTC(), stream);
            ActorSystem<Guardian.Command> system = ActorSystem.create(
                    Guardian.create(settings, ControlSocket.bind(socket), environment, operations), "xmppd-test");
            RunningDaemon daemon = new RunningDaemon(directory, socket, system, transcripts);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket) && daemon.answers());
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path socket() {
        return socket;
    }

    public Path directory() {
        return directory;
    }

    /** JSON-RPC: the result, or the error object ({@code {"code":..,"message":..}}) under "error". */
    public JsonNode call(String method, Map<String, ?> params) {
        return call(method, params, notification -> { });
    }

    /** A streaming call: each notification before the response goes to {@code notifications}. */
    public JsonNode call(String method, Map<String, ?> params,
                         java.util.function.Consumer<JsonNode> notifications) {
        ObjectNode request = JsonRpc.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", JsonRpc.MAPPER.valueToTree(params));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write((JsonRpc.MAPPER.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            JsonNode response = JsonRpc.MAPPER.readTree(in.readLine());
            while (response.has("method") && !response.has("id")) {
                notifications.accept(response.get("params"));
                response = JsonRpc.MAPPER.readTree(in.readLine());
            }
            return response.has("error") ? JsonRpc.MAPPER.createObjectNode().set("error", response.get("error"))
                    : response.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode call(String method) {
        return call(method, Map.of());
    }

    private boolean answers() {
        try {
            return call("status").has("accounts");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The account's status entry from {@code status}, or a missing node. */
    public JsonNode status(String jid) {
        for (JsonNode account : call("status").path("accounts")) {
            if (account.path("jid").asText().equals(jid)) {
                return account;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    public String state(String jid) {
        return status(jid).path("state").asText("absent");
    }

    /** Waits until the account is in {@code state}; returns the status read in that state (one snapshot). */
    public JsonNode awaitState(String jid, String state, Duration timeout) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JsonNode status = status(jid);
            seen.set(status);
            org.assertj.core.api.Assertions.assertThat(status.path("state").asText("absent"))
                    .as("state of %s (status: %s)", jid, status).isEqualTo(state);
        });
        return seen.get();
    }

    /** Adds a testbed account over the control socket, trusting the server's certificate file. */
    public JsonNode addAccount(XmppServer server, Account account, Map<String, Object> extra) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of("jid", account.jid(), "password",
                account.password(), "host", server.host(), "port", server.starttlsPort(),
                "trustedCert", server.certificatePem().toString()));
        params.putAll(extra);
        return call("account.add", params);
    }

    public JsonNode addAccount(XmppServer server, Account account) {
        return addAccount(server, account, Map.of());
    }

    /** Everything sent and received on the account's streams so far, across reconnects. */
    public List<Transcript.Entry> transcript(String jid) {
        return List.copyOf(transcripts.getOrDefault(jid, List.of()));
    }

    /** Drops what was recorded of {@code jid}'s stream so far (a test measuring the daemon's heap, not the recording's). */
    public void forgetTranscript(String jid) {
        transcripts.getOrDefault(jid, new java.util.ArrayList<>()).clear();
    }

    @Override
    public void close() {
        system.tell(Guardian.Shutdown.INSTANCE);
        try {
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            system.terminate();
        }
    }
}
