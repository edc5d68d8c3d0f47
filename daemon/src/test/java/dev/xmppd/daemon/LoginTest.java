package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.net.Transcript;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;

/** One account through the whole login recap on each real server, as a user sees it through the control socket. */
class LoginTest {

    private static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";

    @TempDir
    Path dir;

    @BothServers
    void accountComesOnlineWithItsBoundJidAndTheLoginFollowsTheRecap(XmppServer server) {
        Account alice = server.newAccount("login");
        try (RunningDaemon daemon = RunningDaemon.start(dir, List.of())) {
            JsonNode added = daemon.addAccount(server, alice, java.util.Map.of("resource", "xmppd-test"));
            assertThat(added.path("jid").asText()).isEqualTo(alice.jid());
            assertThat(added.path("password").asText()).isEqualTo("stored");
            assertThat(added.toString()).doesNotContain(alice.password());

            JsonNode status = daemon.awaitState(alice.jid(), "online", Duration.ofSeconds(30));
            assertThat(status.path("boundJid").asText()).isEqualTo(alice.jid("xmppd-test"));
            assertThat(status.path("lastError").isNull()).isTrue();

            // The recap: STARTTLS, login, bind, stream management, discovery (server, account, items, each item),
            // roster, blocklist, carbons, initial presence, then the MAM catch-up (sent once presence is out).
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> recapSteps(daemon.transcript(alice.jid())).contains("mam-query"));
            List<String> steps = recapSteps(daemon.transcript(alice.jid()));
            assertThat(steps).containsSubsequence("starttls", "auth", "bind", "sm-enable", "disco-info-server",
                    "disco-info-account", "disco-items-server", "disco-info-item", "roster-get", "blocklist-get",
                    "carbons-enable", "initial-presence", "mam-query");
            assertThat(steps.indexOf("initial-presence")).isEqualTo(steps.lastIndexOf("initial-presence"));
            assertThat(steps.indexOf("mam-query")).isGreaterThan(steps.indexOf("initial-presence"));
            assertThat(steps.lastIndexOf("disco-info-item")).isLessThan(steps.indexOf("roster-get"));
            assertThat(steps.getFirst()).isEqualTo("starttls");
            // Legacy session only when the server lists it without <optional/> (neither testbed server does).
            assertThat(steps.contains("session")).isEqualTo(sessionRequired(daemon.transcript(alice.jid())));
            assertThat(daemon.transcript(alice.jid()).stream().map(Transcript.Entry::xml))
                    .noneMatch(xml -> xml.contains(alice.password()));
        }
    }

    /** Whether the features offered with bind list the legacy session as required (no {@code <optional/>}). */
    private static boolean sessionRequired(List<Transcript.Entry> transcript) {
        Element features = transcript.stream().filter(e -> e.direction() == Transcript.Direction.RECEIVED)
                .flatMap(e -> e.element().stream())
                .filter(e -> e.name().equals("features")
                        && e.child("bind", "urn:ietf:params:xml:ns:xmpp-bind").isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("no features with bind received"));
        return features.child("session", SESSION).map(s -> s.child("optional", SESSION).isEmpty()).orElse(false);
    }

    /** The login steps our side took, in order, named after the recap of the talk. */
    static List<String> recapSteps(List<Transcript.Entry> transcript) {
        List<String> steps = new ArrayList<>();
        for (Transcript.Entry entry : transcript) {
            if (entry.direction() != Transcript.Direction.SENT || entry.element().isEmpty()) {
                continue;
            }
            step(entry.element().get()).ifPresent(steps::add);
        }
        return steps;
    }

    private static Optional<String> step(Element e) {
        String to = e.attribute("to").orElse("");
        if (e.is("starttls", "urn:ietf:params:xml:ns:xmpp-tls")) {
            return Optional.of("starttls");
        }
        if (e.is("auth", "urn:ietf:params:xml:ns:xmpp-sasl")) {
            return Optional.of("auth");
        }
        if (e.name().equals("presence") && e.attribute("type").isEmpty() && to.isEmpty()) {
            return Optional.of("initial-presence");
        }
        if (!e.name().equals("iq")) {
            return e.is("enable", "urn:xmpp:sm:3") ? Optional.of("sm-enable") : Optional.empty();
        }
        Element payload = e.children().stream().filter(Element.class::isInstance).map(Element.class::cast)
                .findFirst().orElse(null);
        if (payload == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (payload.namespace()) {
            case "urn:ietf:params:xml:ns:xmpp-bind" -> "bind";
            case SESSION -> "session";
            case "http://jabber.org/protocol/disco#info" -> "disco-info-" + (to.isEmpty() ? "server"
                    : to.contains("@") ? "account" : to.equals("localhost") ? "server" : "item");
            case "http://jabber.org/protocol/disco#items" -> to.contains(".") || to.contains("@") ? null : "disco-items-server";
            case "jabber:iq:roster" -> e.attribute("type").orElse("").equals("get") ? "roster-get" : null;
            case "urn:xmpp:blocking" -> e.attribute("type").orElse("").equals("get") ? "blocklist-get" : null;
            case "urn:xmpp:carbons:2" -> "carbons-enable";
            case "urn:xmpp:mam:2" -> e.attribute("type").orElse("").equals("set") && to.isEmpty()
                    ? "mam-query" : null;
            default -> null;
        });
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
