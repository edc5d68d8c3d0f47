package dev.xmppd.daemon.sm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import dev.xmppd.protocol.xml.StreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The actor against a recording wire and a scripted store: write-ahead (a stanza reaches the wire only once
 * stored), {@code <r/>} answered with the stored h, h too high closing the stream without losing the stanza, and
 * what a resumption brings held until the session is online again.
 */
class StreamManagementActorTest {

    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final String SM = "urn:xmpp:sm:3";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TestProbe<Store.Command> store = KIT.createTestProbe();
    private final TestProbe<StreamManagement.Event> events = KIT.createTestProbe();
    private ActorRef<StreamManagement.Command> sm;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        sm = KIT.spawn(StreamManagement.create("alice@example.org", StreamSettings.DEFAULTS, store.getRef(),
                events.getRef(), Clock.systemUTC()));
        store.expectMessageClass(Store.LoadSm.class).replyTo().tell(new Store.SmLoaded(Optional.empty()));
    }

    /** A wire that records what is written. */
    static final class RecordingWire implements Wire {
        final List<Element> written = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        volatile boolean aborted;

        @Override
        public void send(Element element) {
            written.add(element);
        }

        @Override
        public CompletionStage<Void> close() {
            closed = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abort() {
            aborted = true;
        }

        List<String> names() {
            return written.stream().map(Element::name).toList();
        }
    }

    private static Element xml(String text) {
        StreamReader reader = new StreamReader();
        String stream = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" + text;
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        return reader.feed(bytes, 0, bytes.length).stream()
                .filter(StreamEvent.ElementReceived.class::isInstance)
                .map(e -> ((StreamEvent.ElementReceived) e).element()).findFirst().orElseThrow();
    }

    private void read(long attempt, String text) {
        sm.tell(new StreamManagement.Read(attempt, new StreamEvent.ElementReceived(xml(text))));
    }

    private StreamManagement.Inbound nextInbound() {
        return (StreamManagement.Inbound) events.fishForMessage(WAIT, e -> e instanceof StreamManagement.Inbound
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).getLast();
    }

    /** Nothing read reaches the account for this long (status updates may). */
    private void assertNoInbound(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            StreamManagement.Event event;
            try {
                event = events.receiveMessage(Duration.ofNanos(left));
            } catch (AssertionError timeout) {
                return;
            }
            assertThat(event).as("delivered before the session was online").isNotInstanceOf(StreamManagement.Inbound.class);
        }
    }

    private static Element message(String id) {
        return xml("<message to='bob@example.org' id='" + id + "'><body>" + id + "</body></message>");
    }

    /** Attach, enable, login complete: the session is stored once (its first write is answered Done). */
    private RecordingWire established(long attempt) {
        RecordingWire wire = new RecordingWire();
        sm.tell(new StreamManagement.Attach(attempt, wire));
        sm.tell(new StreamManagement.Send(xml("<enable xmlns='" + SM + "' resume='true'/>")));
        read(attempt, "<enabled xmlns='" + SM + "' id='s1' resume='true' max='300'/>");
        assertThat(nextInbound().event()).isInstanceOf(StreamEvent.ElementReceived.class);
        sm.tell(new StreamManagement.Established(attempt, "alice@example.org/xmppd"));
        store.expectMessageClass(Store.SaveSm.class).replyTo().tell(Store.Done.INSTANCE);
        return wire;
    }

    @Test
    void aStanzaReachesTheWireOnlyOnceItIsStored() {
        RecordingWire wire = established(1);
        sm.tell(new StreamManagement.Send(message("m1")));

        Store.SaveSm save = store.expectMessageClass(Store.SaveSm.class);
        assertThat(save.state().unacked()).extracting(s -> s.xml()).singleElement().asString().contains("m1");
        assertThat(save.state().resumable()).isTrue();
        assertThat(wire.names()).doesNotContain("message");

        save.replyTo().tell(Store.Done.INSTANCE);
        Awaitility.await().atMost(WAIT).until(() -> wire.names().contains("message"));
    }

    @Test
    void anAckRequestIsAnsweredWithTheHThatIsStored() {
        RecordingWire wire = established(1);
        read(1, "<message from='bob@example.org' id='in1'><body>hi</body></message>");
        long seq = nextInbound().seq();
        assertThat(seq).isPositive();
        sm.tell(new StreamManagement.Handled(seq));

        read(1, "<r xmlns='" + SM + "'/>");
        Store.SaveSm save = store.expectMessageClass(Store.SaveSm.class);
        assertThat(save.state().inboundHandled() - save.state().inboundBase()).isEqualTo(1);
        assertThat(wire.names()).doesNotContain("a");
        save.replyTo().tell(Store.Done.INSTANCE);
        Awaitility.await().atMost(WAIT).until(() -> wire.written.stream()
                .anyMatch(e -> e.is("a", SM) && e.attribute("h").orElse("").equals("1")));
    }

    /**
     * An h that moved is stored a moment later without being asked for, also when it moved while a write was in flight;
     * an idle session writes nothing (its store timer runs only while something waits, not as a tick).
     */
    @Test
    void aMovedHIsStoredSoonAndAnIdleSessionWritesNothing() {
        established(1);
        read(1, "<message from='bob@example.org' id='in1'><body>hi</body></message>");
        sm.tell(new StreamManagement.Handled(nextInbound().seq()));
        Store.SaveSm first = store.expectMessageClass(Store.SaveSm.class, Duration.ofSeconds(3));
        assertThat(first.state().inboundHandled() - first.state().inboundBase()).isEqualTo(1);

        read(1, "<message from='bob@example.org' id='in2'><body>again</body></message>");
        sm.tell(new StreamManagement.Handled(nextInbound().seq()));
        store.expectNoMessage(Duration.ofMillis(1_500)); // the first write is still in flight
        first.replyTo().tell(Store.Done.INSTANCE);
        Store.SaveSm second = store.expectMessageClass(Store.SaveSm.class, Duration.ofSeconds(3));
        assertThat(second.state().inboundHandled() - second.state().inboundBase()).isEqualTo(2);
        second.replyTo().tell(Store.Done.INSTANCE);

        store.expectNoMessage(Duration.ofSeconds(3));
    }

    @Test
    void anAckForMoreThanWasSentEndsTheStreamAndTheStanzaGoesOutAfterTheNextLogin() {
        RecordingWire wire = established(1);
        sm.tell(new StreamManagement.Send(message("m1")));
        store.expectMessageClass(Store.SaveSm.class).replyTo().tell(Store.Done.INSTANCE);
        Awaitility.await().atMost(WAIT).until(() -> wire.names().contains("message"));

        read(1, "<a xmlns='" + SM + "' h='7'/>");
        Awaitility.await().atMost(WAIT).until(() -> wire.closed);
        Element error = wire.written.getLast();
        assertThat(error.is("error", "http://etherx.jabber.org/streams")).isTrue();
        assertThat(error.child("undefined-condition", "urn:ietf:params:xml:ns:xmpp-streams")).isPresent();
        assertThat(error.child("handled-count-too-high", SM).orElseThrow().attribute("h")).contains("7");
        assertThat(error.child("handled-count-too-high", SM).orElseThrow().attribute("send-count")).contains("1");
        // The queue is kept: stored as a dead session's, with m1 still owed.
        Store.SaveSm dead = store.expectMessageClass(Store.SaveSm.class);
        assertThat(dead.state().resumable()).isFalse();
        assertThat(dead.state().outboundAcked()).isLessThan(dead.state().outboundSent());
        dead.replyTo().tell(Store.Done.INSTANCE);
        sm.tell(new StreamManagement.Closed(1, Optional.empty()));

        // The dead session is not resumed; the next login enables a new one and sends m1 again.
        TestProbe<Optional<StreamManagement.Resumption>> resume = KIT.createTestProbe();
        RecordingWire next = new RecordingWire();
        sm.tell(new StreamManagement.Attach(2, next));
        sm.tell(new StreamManagement.PrepareResume(resume.getRef()));
        assertThat(resume.receiveMessage(WAIT)).isEmpty();
        sm.tell(new StreamManagement.Send(xml("<enable xmlns='" + SM + "' resume='true'/>")));
        read(2, "<enabled xmlns='" + SM + "' id='s2' resume='true'/>");
        sm.tell(new StreamManagement.Established(2, "alice@example.org/xmppd"));
        Store.SaveSm fresh = store.expectMessageClass(Store.SaveSm.class);
        assertThat(fresh.state().resumptionId()).contains("s2");
        assertThat(fresh.state().unacked()).extracting(x -> x.xml()).singleElement().asString().contains("m1");
        fresh.replyTo().tell(Store.Done.INSTANCE);
        Awaitility.await().atMost(WAIT).until(() -> next.written.stream().anyMatch(e -> e.name().equals("message")
                && e.attribute("id").orElse("").equals("m1")));
    }

    /**
     * XEP-0198 §4: the server counts from {@code <enable/>}. A stanza sent before {@code <enabled/>} came back went
     * out uncounted; the server's h then ran one ahead of ours, and its {@code <a/>} dropped an unsent stanza.
     */
    @Test
    void aStanzaSentBeforeEnabledCountsInTheNewSession() {
        RecordingWire wire = new RecordingWire();
        sm.tell(new StreamManagement.Attach(1, wire));
        sm.tell(new StreamManagement.Send(xml("<enable xmlns='" + SM + "' resume='true'/>")));
        sm.tell(new StreamManagement.Send(message("early")));
        TestProbe<Optional<StreamManagement.Resumption>> barrier = KIT.createTestProbe();
        sm.tell(new StreamManagement.PrepareResume(barrier.getRef())); // answered once the Sends were applied
        assertThat(barrier.receiveMessage(WAIT)).isEmpty();
        assertThat(wire.names()).containsExactly("enable");

        read(1, "<enabled xmlns='" + SM + "' id='s1' resume='true'/>");
        sm.tell(new StreamManagement.Send(message("later")));
        Awaitility.await().atMost(WAIT).until(() -> wire.names().equals(List.of("enable", "message", "message")));
        assertThat(wire.written.get(1).attribute("id")).contains("early");

        // The server handled both: the queue is empty, and h=2 is not more than we sent.
        read(1, "<a xmlns='" + SM + "' h='2'/>");
        sm.tell(new StreamManagement.Established(1, "alice@example.org/xmppd"));
        Store.SaveSm save = store.expectMessageClass(Store.SaveSm.class);
        assertThat(save.state().outboundSent() - save.state().outboundBase()).isEqualTo(2);
        assertThat(save.state().outboundAcked()).isEqualTo(save.state().outboundSent());
        assertThat(save.state().unacked()).isEmpty();
        assertThat(wire.closed).isFalse();
    }

    /**
     * After {@code <failed/>} the login binds anew; a message written in between reached the server before bind
     * and was bounced (Prosody: an error from c2s_unbound). It waits for the new login, after what was owed.
     */
    @Test
    void aMessageSentWhileAFailedResumptionIsReplacedGoesOutAfterTheNewLogin() {
        RecordingWire first = established(1);
        sm.tell(new StreamManagement.Send(message("owed")));
        store.expectMessageClass(Store.SaveSm.class).replyTo().tell(Store.Done.INSTANCE);
        Awaitility.await().atMost(WAIT).until(() -> first.names().contains("message"));
        sm.tell(new StreamManagement.Closed(1, Optional.empty()));

        RecordingWire wire = new RecordingWire();
        sm.tell(new StreamManagement.Send(resumeOn(2, wire)));
        read(2, "<failed xmlns='" + SM + "'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        sm.tell(new StreamManagement.Send(message("meanwhile")));
        sm.tell(new StreamManagement.Send(xml("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")));
        sm.tell(new StreamManagement.Send(xml("<enable xmlns='" + SM + "' resume='true'/>")));
        read(2, "<enabled xmlns='" + SM + "' id='s2' resume='true'/>");
        sm.tell(new StreamManagement.Established(2, "alice@example.org/xmppd"));
        Store.SaveSm dead = store.expectMessageClass(Store.SaveSm.class);
        assertThat(dead.state().resumable()).isFalse();
        dead.replyTo().tell(Store.Done.INSTANCE);
        Store.SaveSm fresh = store.expectMessageClass(Store.SaveSm.class);
        assertThat(fresh.state().unacked()).extracting(x -> x.xml()).hasSize(2);
        fresh.replyTo().tell(Store.Done.INSTANCE);

        Awaitility.await().atMost(WAIT).until(() -> wire.names().stream().filter("message"::equals).count() == 2);
        assertThat(wire.names()).containsExactly("resume", "iq", "enable", "message", "message");
        assertThat(wire.written.subList(3, 5)).extracting(e -> e.attribute("id").orElseThrow())
                .containsExactly("owed", "meanwhile");
    }

    /**
     * XEP-0198 §5: after {@code <resumed/>} the server resends everything after the h our {@code <resume/>} carried.
     * A stanza handled after that h was sent (the archive committed it late) comes again: numbering on from what was
     * handled counted it twice, and the next {@code <a/>} acknowledged a stanza we never had (Prosody dropped 57
     * messages so in the 1,000-message test).
     */
    @Test
    void aStanzaHandledWhileTheResumptionWasUnderwayIsNotCountedTwice() {
        established(1);
        read(1, "<message from='bob@example.org' id='in1'><body>1</body></message>");
        long first = nextInbound().seq();
        read(1, "<message from='bob@example.org' id='in2'><body>2</body></message>");
        long second = nextInbound().seq();
        sm.tell(new StreamManagement.Handled(first));
        sm.tell(new StreamManagement.Closed(1, Optional.empty()));

        RecordingWire wire = new RecordingWire();
        Element resumeElement = resumeOn(2, wire);
        assertThat(resumeElement.attribute("h")).contains("1");
        sm.tell(new StreamManagement.Send(resumeElement));
        sm.tell(new StreamManagement.Handled(second)); // the archive committed in2 after <resume h='1'/> went out
        read(2, "<resumed xmlns='" + SM + "' previd='s1' h='0'/>");
        nextInbound();
        read(2, "<message from='bob@example.org' id='in2'><body>2</body></message>");
        sm.tell(new StreamManagement.Established(2, "alice@example.org/xmppd"));
        StreamManagement.Inbound again = nextInbound();
        sm.tell(new StreamManagement.Handled(again.seq()));

        // The first answer may carry an h stored before the last report; the second has it.
        for (int answers = 1; answers <= 2; answers++) {
            int expected = answers;
            read(2, "<r xmlns='" + SM + "'/>");
            answerStoreUntil(() -> wire.names().stream().filter("a"::equals).count() == expected);
        }
        assertThat(wire.written.getLast().attribute("h")).as("in1 and in2, not a third").contains("2");
    }

    /** A new connection for a lost session: its {@code <resume/>}, once our h is stored (not sent yet). */
    private Element resumeOn(long attempt, RecordingWire wire) {
        sm.tell(new StreamManagement.Attach(attempt, wire));
        TestProbe<Optional<StreamManagement.Resumption>> resume = KIT.createTestProbe();
        sm.tell(new StreamManagement.PrepareResume(resume.getRef()));
        store.expectMessageClass(Store.SaveSm.class).replyTo().tell(Store.Done.INSTANCE);
        return resume.receiveMessage(WAIT).orElseThrow().resume();
    }

    /** Answers the store's writes until {@code done}. */
    private void answerStoreUntil(java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            try {
                if (store.receiveMessage(Duration.ofMillis(100)) instanceof Store.SaveSm save) {
                    save.replyTo().tell(Store.Done.INSTANCE);
                }
            } catch (AssertionError nothingYet) {
                // poll again
            }
        }
        assertThat(done.getAsBoolean()).isTrue();
    }

    @Test
    void whatTheServerResendsAfterResumedWaitsUntilTheSessionIsOnline() {
        established(1);
        sm.tell(new StreamManagement.Closed(1, Optional.empty()));
        RecordingWire wire = new RecordingWire();
        sm.tell(new StreamManagement.Attach(2, wire));

        TestProbe<Optional<StreamManagement.Resumption>> resume = KIT.createTestProbe();
        sm.tell(new StreamManagement.PrepareResume(resume.getRef()));
        store.expectMessageClass(Store.SaveSm.class).replyTo().tell(Store.Done.INSTANCE);
        StreamManagement.Resumption resumption = resume.receiveMessage(WAIT).orElseThrow();
        assertThat(resumption.resume().attribute("previd")).contains("s1");
        assertThat(resumption.boundJid()).isEqualTo("alice@example.org/xmppd");

        sm.tell(new StreamManagement.Send(resumption.resume()));
        read(2, "<resumed xmlns='" + SM + "' previd='s1' h='0'/>");
        assertThat(((StreamEvent.ElementReceived) nextInbound().event()).element().name()).isEqualTo("resumed");
        read(2, "<message from='bob@example.org' id='late'><body>while away</body></message>");
        assertNoInbound(Duration.ofMillis(500));

        sm.tell(new StreamManagement.Established(2, "alice@example.org/xmppd"));
        StreamManagement.Inbound held = nextInbound();
        assertThat(((StreamEvent.ElementReceived) held.event()).element().attribute("id")).contains("late");
        assertThat(held.seq()).isPositive();
    }
}
