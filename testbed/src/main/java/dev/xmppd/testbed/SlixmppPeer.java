package dev.xmppd.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An independent XMPP client for tests: slixmpp 1.8 (Debian's python3-slixmpp) logged in as one
 * account and resource, driven through the script {@code slixmpp_peer.py} over stdin/stdout, one
 * JSON object per line. Every call waits for the peer's answer with a bound and fails with the
 * peer's stderr otherwise.
 *
 * <p>Sends are acknowledged only once the server answered a XEP-0199 ping sent after them: the
 * server handles a c2s stream in order, so the messages have been routed and archived by then.
 * Received messages (live, carbon copies, MUC) are collected; {@link #awaitReceived} waits for them.
 *
 * <pre>{@code
 * try (SlixmppPeer alice = SlixmppPeer.connect(server, a); SlixmppPeer bob = SlixmppPeer.connect(server, b)) {
 *     alice.send(b.jid(), "hello", 100, "burst");           // ids burst-0 .. burst-99, bodies "hello 0" ..
 *     bob.awaitReceived(100, Duration.ofSeconds(30));
 *     List<PeerMessage> archived = bob.mamQuery(a.jid());
 * }
 * }</pre>
 */
public final class SlixmppPeer implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BULK_TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Path script;

    private final Process process;
    private final Writer stdin;
    private final String account;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final List<PeerMessage> received = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private volatile boolean disconnected;

    /**
     * How to log in.
     *
     * @param resource     the resource to bind
     * @param directTls    use the server's direct-TLS port instead of STARTTLS
     * @param sendPresence send initial presence after login (needed to receive chat messages live)
     * @param loginTimeout how long the login may take
     */
    public record Options(String resource, boolean directTls, boolean sendPresence, Duration loginTimeout) {

        public static Options defaults() {
            return new Options("slixmpp", false, true, Duration.ofSeconds(30));
        }

        public Options withResource(String value) {
            return new Options(value, directTls, sendPresence, loginTimeout);
        }

        public Options withDirectTls(boolean value) {
            return new Options(resource, value, sendPresence, loginTimeout);
        }

        public Options withPresence(boolean value) {
            return new Options(resource, directTls, value, loginTimeout);
        }
    }

    private SlixmppPeer(Process process, String account) {
        this.process = process;
        this.account = account;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("slixmpp-out-" + account).start(this::readEvents);
        Thread.ofPlatform().daemon().name("slixmpp-err-" + account).start(() -> drain(process.getErrorStream()));
    }

    /** Logs in over STARTTLS with resource {@code slixmpp} and sends presence; trusts the server's test certificate. */
    public static SlixmppPeer connect(XmppServer server, Account account) {
        return connect(server, account, Options.defaults());
    }

    /** Logs in; throws {@link PeerLoginException} (with the peer's reason) when login fails. */
    public static SlixmppPeer connect(XmppServer server, Account account, Options options) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString(),
                "--jid", account.jid(options.resource()), "--password", account.password(),
                "--host", server.host(),
                "--port", Integer.toString(options.directTls() ? server.directTlsPort() : server.starttlsPort()),
                "--ca-file", server.certificatePem().toString()));
        if (options.directTls()) {
            command.add("--direct-tls");
        }
        if (options.sendPresence()) {
            command.add("--presence");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        SlixmppPeer peer;
        try {
            peer = new SlixmppPeer(builder.start(), account.jid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + PYTHON, e);
        }
        try {
            peer.ready.get(options.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return peer;
        } catch (ExecutionException e) {
            peer.close();
            throw new PeerLoginException(account.jid() + ": " + e.getCause().getMessage(), peer.stderr());
        } catch (TimeoutException e) {
            peer.close();
            throw new PeerLoginException(account.jid() + ": no login within " + options.loginTimeout(), peer.stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            peer.close();
            throw new IllegalStateException("interrupted while logging in", e);
        }
    }

    /** The bound full JID. */
    public String jid() {
        return ready.join();
    }

    /**
     * Sends {@code count} messages of type chat and waits until the server processed them. With
     * {@code count == 1} the id is {@code idPrefix} and the body {@code body}; otherwise ids are
     * {@code idPrefix-0 .. idPrefix-(count-1)} and bodies {@code "body 0" .. }.
     */
    public void send(String to, String body, int count, String idPrefix) {
        call(BULK_TIMEOUT, command("send").put("to", to).put("body", body).put("count", count)
                .put("idPrefix", idPrefix).put("timeout", BULK_TIMEOUT.toSeconds()));
    }

    /** Sends one message of the given type ({@code chat}, {@code normal}, {@code groupchat}) with the given id. */
    public void sendMessage(String to, String body, String id, String type) {
        call(COMMAND_TIMEOUT, command("send").put("to", to).put("body", body).put("count", 1)
                .put("idPrefix", id).put("type", type));
    }

    /** Messages received so far, in arrival order. */
    public List<PeerMessage> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until at least {@code count} messages were received; returns all received so far. */
    public List<PeerMessage> awaitReceived(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || disconnected) {
                    throw new AssertionError(account + ": expected " + count + " messages, received "
                            + received.size() + (disconnected ? " (peer disconnected)" : "") + "\n" + stderr());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for messages", e);
                }
            }
            return List.copyOf(received);
        }
    }

    /** Every message of the own archive (XEP-0313), paged 100 at a time, oldest first. */
    public List<PeerMessage> mamQuery() {
        return mam(command("mam"));
    }

    /** The own archive filtered on a conversation partner's bare JID. */
    public List<PeerMessage> mamQuery(String with) {
        return mam(command("mam").put("with", with));
    }

    /** The archive of another entity, e.g. a MUC room's bare JID. */
    public List<PeerMessage> mamQueryArchive(String archiveJid) {
        return mam(command("mam").put("archive", archiveJid));
    }

    public List<RosterItem> roster() {
        List<RosterItem> items = new ArrayList<>();
        for (JsonNode item : call(COMMAND_TIMEOUT, command("roster_get")).get("items")) {
            List<String> groups = new ArrayList<>();
            item.get("groups").forEach(group -> groups.add(group.asText()));
            items.add(new RosterItem(item.get("jid").asText(), item.path("name").asText(""),
                    item.path("subscription").asText(""), groups));
        }
        return items;
    }

    public void rosterAdd(String jid, String name) {
        call(COMMAND_TIMEOUT, command("roster_add").put("jid", jid).put("name", name));
    }

    public void rosterRemove(String jid) {
        call(COMMAND_TIMEOUT, command("roster_remove").put("jid", jid));
    }

    public void block(String jid) {
        call(COMMAND_TIMEOUT, command("block").put("jid", jid));
    }

    public void unblock(String jid) {
        call(COMMAND_TIMEOUT, command("unblock").put("jid", jid));
    }

    /** The blocked JIDs (XEP-0191), sorted. */
    public List<String> blocklist() {
        List<String> jids = new ArrayList<>();
        call(COMMAND_TIMEOUT, command("blocklist")).get("items").forEach(jid -> jids.add(jid.asText()));
        return jids;
    }

    /**
     * Sends a presence stanza; {@code to}, {@code type} ({@code subscribe}, {@code subscribed},
     * {@code unavailable}, ...), {@code show} and {@code status} may each be null.
     */
    public void presence(String to, String type, String show, String status) {
        ObjectNode command = command("presence");
        putIfPresent(command, "to", to);
        putIfPresent(command, "type", type);
        putIfPresent(command, "show", show);
        putIfPresent(command, "status", status);
        call(COMMAND_TIMEOUT, command);
    }

    /** Enables or disables XEP-0280 carbons for this resource. */
    public void carbons(boolean enable) {
        call(COMMAND_TIMEOUT, command("carbons").put("enable", enable));
    }

    /** Joins a MUC room ({@code room@conference.localhost}) with a nickname. */
    public void joinRoom(String roomJid, String nick) {
        call(COMMAND_TIMEOUT, command("join").put("room", roomJid).put("nick", nick));
    }

    /** Sends an {@code <iq/>} given as XML and returns the answer as XML; a type=error answer fails. */
    public String iq(String xml) {
        return call(COMMAND_TIMEOUT, command("raw").put("xml", xml).put("iq", true)).get("xml").asText();
    }

    /** Sends any stanza given as XML, waiting until the server processed it. */
    public void sendRaw(String xml) {
        call(COMMAND_TIMEOUT, command("raw").put("xml", xml));
    }

    /** XEP-0199 ping to the server (or {@code to}); fails if there is no answer. */
    public void ping(String to) {
        ObjectNode command = command("ping");
        putIfPresent(command, "to", to);
        call(COMMAND_TIMEOUT, command);
    }

    /** Whether the stream is still up (false after the server closed it). */
    public boolean isConnected() {
        return !disconnected && process.isAlive();
    }

    /** The peer's stderr so far (Python warnings and tracebacks). */
    public String stderr() {
        return stderr.toString();
    }

    /** Closes the stream and ends the process. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private List<PeerMessage> mam(ObjectNode command) {
        List<PeerMessage> messages = new ArrayList<>();
        call(BULK_TIMEOUT, command.put("max", 100)).get("messages")
                .forEach(message -> messages.add(PeerMessage.of(message)));
        return messages;
    }

    private ObjectNode command(String name) {
        return JSON.createObjectNode().put("id", nextId.incrementAndGet()).put("cmd", name);
    }

    private static void putIfPresent(ObjectNode command, String field, String value) {
        if (value != null) {
            command.put(field, value);
        }
    }

    private JsonNode call(Duration timeout, ObjectNode command) {
        int id = command.get("id").asInt();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String cmd = command.get("cmd").asText();
        try {
            synchronized (stdin) {
                stdin.write(JSON.writeValueAsString(command) + "\n");
                stdin.flush();
            }
            JsonNode answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!answer.path("ok").asBoolean()) {
                throw new PeerCommandException(account + ": " + cmd + " failed: " + answer.path("error").asText(),
                        stderr());
            }
            return answer;
        } catch (IOException e) {
            throw new PeerCommandException(account + ": peer is gone (" + e.getMessage() + ")", stderr());
        } catch (ExecutionException e) {
            throw new PeerCommandException(account + ": " + cmd + ": " + e.getCause().getMessage(), stderr());
        } catch (TimeoutException e) {
            throw new PeerCommandException(account + ": " + cmd + ": no answer within " + timeout, stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the peer", e);
        } finally {
            pending.remove(id);
        }
    }

    private void readEvents() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                handle(JSON.readTree(line));
            }
        } catch (IOException e) {
            stderr.append("\n(reading the peer's output failed: ").append(e).append(')');
        }
        disconnected = true;
        ready.completeExceptionally(new IllegalStateException("the peer exited before login"));
        pending.values().forEach(reply -> reply.completeExceptionally(
                new IllegalStateException("the peer exited")));
        synchronized (received) {
            received.notifyAll();
        }
    }

    private void handle(JsonNode event) {
        if (event.has("reply")) {
            CompletableFuture<JsonNode> reply = pending.get(event.get("reply").asInt());
            if (reply != null) {
                reply.complete(event);
            }
            return;
        }
        switch (event.path("event").asText()) {
            case "ready" -> ready.complete(event.get("jid").asText());
            case "failed" -> ready.completeExceptionally(new IllegalStateException(event.path("reason").asText()));
            case "message" -> {
                synchronized (received) {
                    received.add(PeerMessage.of(event));
                    received.notifyAll();
                }
            }
            case "disconnected" -> disconnected = true;
            default -> stderr.append("\n(unknown event from the peer: ").append(event).append(')');
        }
    }

    private void drain(InputStream errors) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(errors, StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                stderr.append(line).append('\n');
            }
        } catch (IOException e) {
            stderr.append("(reading the peer's stderr failed: ").append(e).append(")\n");
        }
    }

    private static Path script() {
        Path path = script;
        if (path == null) {
            synchronized (SlixmppPeer.class) {
                path = script;
                if (path == null) {
                    path = extractScript();
                    script = path;
                }
            }
        }
        return path;
    }

    private static Path extractScript() {
        try (InputStream in = SlixmppPeer.class.getResourceAsStream("slixmpp_peer.py")) {
            if (in == null) {
                throw new IllegalStateException("slixmpp_peer.py is missing from the testbed jar");
            }
            Path file = Files.createTempFile("xmppd-slixmpp-peer-", ".py");
            Files.write(file, in.readAllBytes());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the slixmpp peer script", e);
        }
    }
}
