package dev.xmppd.daemon.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.archive.InboundMessage.Archive;
import dev.xmppd.daemon.archive.InboundMessage.Context;
import dev.xmppd.daemon.archive.InboundMessage.Drop;
import dev.xmppd.daemon.archive.InboundMessage.Result;
import dev.xmppd.daemon.archive.InboundMessage.Verdict;
import dev.xmppd.daemon.store.ArchivedMessage;
import dev.xmppd.daemon.store.ArchivedMessage.Direction;
import dev.xmppd.protocol.jid.Jid;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trust rules of the archive, stanza in, verdict out. */
class InboundMessageTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Jid SELF = Jid.parse("alice@example.org/xmppd");
    private static final Jid LOUNGE = Jid.parse("lounge@conference.example.org");
    private static final Context CONTEXT = new Context(SELF, Map.of("q1", SELF.bare(), "q2", LOUNGE),
            Map.of(LOUNGE, "alice"));

    private static Verdict classify(String fixture) {
        return InboundMessage.classify(Fixtures.message(fixture), CONTEXT, NOW);
    }

    private static ArchivedMessage archived(String fixture) {
        Verdict verdict = classify(fixture);
        assertThat(verdict).isInstanceOf(Archive.class);
        return ((Archive) verdict).message();
    }

    @Test
    void aLiveMessageKeepsOnlyTheStanzaIdOurArchiveAssigned() {
        ArchivedMessage m = archived("live-chat.xml");
        assertThat(m.stanzaId()).contains("1568719955");
        assertThat(m.originId()).contains("o1");
        assertThat(m.messageId()).contains("m1");
        assertThat(m.direction()).isEqualTo(Direction.IN);
        assertThat(m.archive()).isEqualTo("alice@example.org");
        assertThat(m.peer()).isEqualTo("bob@example.org");
        assertThat(m.body()).contains("Boring sample text");
        assertThat(m.timestamp()).isEqualTo(NOW);
        assertThat(m.rawXml()).startsWith("<message").contains("jabber:client").contains("Boring sample text");
    }

    @Test
    void aStanzaIdAssignedByAnyoneElseIsNotTrusted() {
        ArchivedMessage m = archived("live-untrusted-id.xml");
        assertThat(m.stanzaId()).isEmpty();
        assertThat(m.matchKey()).contains("in|bob@example.org|m2");
    }

    @Test
    void aMessageWithoutBodyIsKeptRawAndFlagged() {
        ArchivedMessage m = archived("chat-state.xml");
        assertThat(m.hasBody()).isFalse();
        assertThat(m.rawXml()).contains("composing");
    }

    @Test
    void aSentCarbonFromOurOwnAccountIsUnwrappedAsOutgoing() {
        ArchivedMessage m = archived("carbon-sent.xml");
        assertThat(m.direction()).isEqualTo(Direction.OUT);
        assertThat(m.peer()).isEqualTo("bob@example.org");
        assertThat(m.from()).isEqualTo("alice@example.org/phone");
        assertThat(m.stanzaId()).contains("s-out-1");
        assertThat(m.rawXml()).doesNotContain("carbons");
    }

    @Test
    void aReceivedCarbonWithoutFromIsOurServersAndKeepsItsDelayStamp() {
        ArchivedMessage m = archived("carbon-received.xml");
        assertThat(m.direction()).isEqualTo(Direction.IN);
        assertThat(m.body()).contains("Hi. What's up?");
        assertThat(m.timestamp()).isEqualTo(Instant.parse("2019-09-17T12:56:17Z"));
    }

    @Test
    void aCarbonFromAnotherJidIsDroppedAsForged() {
        assertThat(classify("carbon-forged.xml")).isInstanceOfSatisfying(Drop.class,
                d -> assertThat(d.reason()).contains("forged carbon").contains("mallory@example.org/evil"));
    }

    @Test
    void aMamResultOfOurQueryTakesTheResultIdAndTheArchiveStamp() {
        Verdict verdict = classify("mam-result.xml");
        assertThat(verdict).isInstanceOf(Result.class);
        Result result = (Result) verdict;
        assertThat(result.queryId()).isEqualTo("q1");
        assertThat(result.message().stanzaId()).contains("1568724977");
        assertThat(result.message().direction()).isEqualTo(Direction.OUT);
        assertThat(result.message().peer()).isEqualTo("bob@example.org");
        assertThat(result.message().timestamp()).isEqualTo(Instant.parse("2019-09-17T12:56:17Z"));
    }

    @Test
    void aMamResultFromAnotherEntityOrForAnotherQueryIsDropped() {
        assertThat(classify("mam-result-foreign.xml")).isInstanceOfSatisfying(Drop.class,
                d -> assertThat(d.reason()).contains("mallory@example.org"));
        Context noQuery = new Context(SELF, Map.of(), Map.of());
        assertThat(InboundMessage.classify(Fixtures.message("mam-result.xml"), noQuery, NOW))
                .isInstanceOfSatisfying(Drop.class, d -> assertThat(d.reason()).contains("q1"));
        Context roomQuery = new Context(SELF, Map.of("q1", LOUNGE), Map.of(LOUNGE, "alice"));
        assertThat(InboundMessage.classify(Fixtures.message("mam-result.xml"), roomQuery, NOW))
                .as("a result without from comes from our own account, not from the room asked")
                .isInstanceOf(Drop.class);
    }

    @Test
    void aRoomResultIsStoredUnderTheRoom() {
        Result result = (Result) classify("mam-room-result.xml");
        assertThat(result.message().archive()).isEqualTo("lounge@conference.example.org");
        assertThat(result.message().stanzaId()).contains("room-7");
        assertThat(result.message().direction()).isEqualTo(Direction.IN);
        assertThat(result.message().peer()).isEqualTo("lounge@conference.example.org");
    }

    @Test
    void aLiveRoomMessageTrustsOnlyTheRoomsStanzaIdAndKnowsOurNick() {
        ArchivedMessage m = archived("room-live.xml");
        assertThat(m.archive()).isEqualTo("lounge@conference.example.org");
        assertThat(m.stanzaId()).contains("room-8");
        assertThat(m.direction()).isEqualTo(Direction.OUT);
    }

    @Test
    void groupchatFromARoomWeHaveNotJoinedIsDroppedAndPepEventsAreIgnored() {
        Context noRooms = new Context(SELF, Map.of(), Map.of());
        assertThat(InboundMessage.classify(Fixtures.message("room-live.xml"), noRooms, NOW)).isInstanceOf(Drop.class);
        assertThat(classify("pep-event.xml")).isEqualTo(InboundMessage.Ignore.INSTANCE);
    }
}
