package dev.xmppd.daemon.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A response matches a request by id AND sender (RFC 6120 §8.2.3, §10.3.3): from the JID asked, or, for a request to
 * our own account or server, from nobody, our bare JID, our domain or our full JID. Anything else is ignored and
 * leaves the request waiting for its real answer.
 */
class IqTrackerTest {

    private static final Jid SELF = Jid.parse("alice@example.org/xmppd");
    private static final Element PING = Element.builder("ping", "urn:xmpp:ping").build();

    private final IqTracker<String> tracker = new IqTracker<>();

    @Test
    void aRequestToOurServerIsAnsweredFromNowhereOurBareJidOurDomainOrOurFullJid() {
        for (String from : new String[] {null, "alice@example.org", "example.org", "alice@example.org/xmppd",
                "Alice@EXAMPLE.org"}) {
            String id = request(Optional.empty(), "server");
            assertThat(tracker.match(response(id, from, "result"), SELF)).as("from %s", from).contains("server");
        }
    }

    @Test
    void aRequestToOurBareJidOrDomainCountsAsOneToOurServer() {
        String toBare = request(Optional.of("alice@example.org"), "account");
        assertThat(tracker.match(response(toBare, "example.org", "result"), SELF)).contains("account");
        String toDomain = request(Optional.of("example.org"), "domain");
        assertThat(tracker.match(response(toDomain, null, "result"), SELF)).contains("domain");
        String toDomainFromBare = request(Optional.of("example.org"), "domain");
        assertThat(tracker.match(response(toDomainFromBare, "alice@example.org", "error"), SELF)).contains("domain");
    }

    @Test
    void ourServerAnsweringForSomeoneElseIsNotOurServer() {
        String id = request(Optional.empty(), "server");
        for (String from : new String[] {"mallory@example.org", "alice@example.org/other", "evil.example",
                "conference.example.org", "alice@evil.example"}) {
            assertThat(tracker.match(response(id, from, "result"), SELF)).as("from %s", from).isEmpty();
        }
        assertThat(tracker.awaits(id)).isTrue();
    }

    @Test
    void aRequestToAnotherEntityIsAnsweredOnlyByThatEntity() {
        String id = request(Optional.of("conference.example.org"), "muc");
        for (String from : new String[] {null, "example.org", "alice@example.org", "alice@example.org/xmppd",
                "room@conference.example.org", "other.example.org"}) {
            assertThat(tracker.match(response(id, from, "result"), SELF)).as("from %s", from).isEmpty();
        }
        assertThat(tracker.match(response(id, "Conference.Example.ORG", "result"), SELF)).contains("muc");
    }

    @Test
    void aRequestToAFullJidIsNotAnsweredByItsBareJid() {
        String id = request(Optional.of("bob@example.org/phone"), "bob");
        assertThat(tracker.match(response(id, "bob@example.org", "result"), SELF)).isEmpty();
        assertThat(tracker.match(response(id, "bob@example.org/laptop", "result"), SELF)).isEmpty();
        assertThat(tracker.match(response(id, "bob@example.org/phone", "error"), SELF)).contains("bob");
    }

    @Test
    void aForgedResponseLeavesTheRequestForItsRealAnswerWhichIsMatchedOnce() {
        String id = request(Optional.of("upload.example.org"), "upload");
        assertThat(tracker.match(response(id, "mallory@example.org/x", "result"), SELF)).isEmpty();
        assertThat(tracker.match(response(id, "upload.example.org", "result"), SELF)).contains("upload");
        assertThat(tracker.awaits(id)).isFalse();
        assertThat(tracker.match(response(id, "upload.example.org", "result"), SELF)).isEmpty();
    }

    @Test
    void unknownIdsRequestsAndUnparseableSendersNeverMatch() {
        String id = request(Optional.empty(), "server");
        assertThat(tracker.match(response("other-" + id, null, "result"), SELF)).isEmpty();
        assertThat(tracker.match(response(id, null, "get"), SELF)).as("a get is not a response").isEmpty();
        assertThat(tracker.match(response(id, "a@@b", "result"), SELF)).as("from is not a JID").isEmpty();
        assertThat(tracker.match(Element.builder("message", "jabber:client").attribute("id", id).build(), SELF))
                .isEmpty();
        assertThat(tracker.awaits(id)).isTrue();
        assertThat(tracker.match(response(id, null, "result"), SELF)).contains("server");
    }

    @Test
    void onlyGetsAndSetsAreTrackedAndRemoveOrDrainForgetThem() {
        tracker.register(response("r1", null, "result"), "not a request");
        assertThat(tracker.awaits("r1")).isFalse();
        String a = request(Optional.empty(), "a");
        String b = request(Optional.of("example.org"), "b");
        assertThat(tracker.remove(a)).contains("a");
        assertThat(tracker.match(response(a, null, "result"), SELF)).isEmpty();
        assertThat(tracker.drain()).containsOnlyKeys(b).containsValue("b");
        assertThat(tracker.awaits(b)).isFalse();
    }

    @Test
    void isResponseIsTrueForResultsAndErrorsOnly() {
        assertThat(IqTracker.isResponse(response("x", null, "result"))).isTrue();
        assertThat(IqTracker.isResponse(response("x", null, "error"))).isTrue();
        assertThat(IqTracker.isResponse(response("x", null, "set"))).isFalse();
        assertThat(IqTracker.isResponse(Element.builder("presence", "jabber:client").build())).isFalse();
    }

    private String request(Optional<String> to, String attachment) {
        Iq iq = Iq.request(IqType.GET, to.map(Jid::parse), PING, "id-" + attachment + "-" + System.nanoTime());
        tracker.register(iq.element(), attachment);
        return iq.id().orElseThrow();
    }

    private static Element response(String id, String from, String type) {
        return Element.builder("iq", "jabber:client").attribute("type", type).attribute("id", id)
                .attribute("from", from).attribute("to", SELF.toString()).build();
    }
}
