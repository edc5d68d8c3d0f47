package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.SlixmppPeer;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;

/**
 * A {@link RunningDaemon} with one fresh testbed account added and online (resource {@value #RESOURCE}), and the
 * calls the end-to-end tests make on it: control methods for that account, its transcript, bounded waits.
 */
record OnlineAccount(RunningDaemon daemon, XmppServer server, Account account) implements AutoCloseable {

    static final String RESOURCE = "xmppd-test";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static OnlineAccount start(Path dir, XmppServer server, String prefix) {
        Account account = server.newAccount(prefix);
        RunningDaemon daemon = RunningDaemon.start(dir, List.of());
        try {
            assertThat(daemon.addAccount(server, account, Map.of("resource", RESOURCE)).has("error")).isFalse();
            daemon.awaitState(account.jid(), "online", TIMEOUT);
            return new OnlineAccount(daemon, server, account);
        } catch (RuntimeException | AssertionError e) {
            daemon.close();
            throw e;
        }
    }

    String jid() {
        return account.jid();
    }

    /** A slixmpp client logged in as this same account, with another resource. */
    SlixmppPeer otherResource(String resource) {
        return SlixmppPeer.connect(server, account, SlixmppPeer.Options.defaults().withResource(resource));
    }

    /** {@code method} for this account: "account" plus the given name/value pairs; the result or {"error":..}. */
    JsonNode call(String method, Object... nameValues) {
        Map<String, Object> params = params(nameValues);
        params.putIfAbsent("account", jid());
        return daemon.call(method, params);
    }

    /** Like {@link #call} but the call must succeed. */
    JsonNode ok(String method, Object... nameValues) {
        JsonNode result = call(method, nameValues);
        assertThat(result.has("error")).as("%s %s answered %s", method, List.of(nameValues), result).isFalse();
        return result;
    }

    static Map<String, Object> params(Object... nameValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.put((String) nameValues[i], nameValues[i + 1]);
        }
        return params;
    }

    /** The contacts of {@code roster}, as JIDs. */
    List<String> rosterJids() {
        return StreamSupport.stream(ok("roster").path("items").spliterator(), false).map(i -> i.path("jid").asText())
                .toList();
    }

    List<String> blocklist() {
        return texts(ok("blocklist").path("blocked"));
    }

    List<Transcript.Entry> transcript() {
        return daemon.transcript(jid());
    }

    /** The XML text of everything this account's streams received so far. */
    List<String> receivedXml() {
        return transcript().stream().filter(e -> e.direction() == Transcript.Direction.RECEIVED)
                .map(Transcript.Entry::xml).toList();
    }

    /** The first element we sent from {@code fromIndex} of the transcript on that matches, e.g. a roster get. */
    Optional<Element> sent(int fromIndex, java.util.function.Predicate<Element> matching) {
        return transcript().stream().skip(fromIndex).filter(e -> e.direction() == Transcript.Direction.SENT)
                .flatMap(e -> e.element().stream()).filter(matching).findFirst();
    }

    /** The iq response we received to the request with this id. */
    Optional<Iq> responseTo(String id) {
        return transcript().stream().filter(e -> e.direction() == Transcript.Direction.RECEIVED)
                .flatMap(e -> e.element().flatMap(Stanza::of).stream())
                .flatMap(s -> s instanceof Iq iq && !iq.isRequest() && iq.id().orElse("").equals(id)
                        ? java.util.stream.Stream.of(iq) : java.util.stream.Stream.empty())
                .findFirst();
    }

    static void await(ThrowingRunnable assertion) {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(assertion);
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Override
    public void close() {
        daemon.close();
    }
}
