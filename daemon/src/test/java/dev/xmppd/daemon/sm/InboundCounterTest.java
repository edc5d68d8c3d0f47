package dev.xmppd.daemon.sm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.sm.SmCounter;
import org.junit.jupiter.api.Test;

/** XEP-0198 §4 inbound counting: h moves only over stanzas handled without a gap, modulo 2^32. */
class InboundCounterTest {

    @Test
    void hCountsHandledStanzasInOrder() {
        InboundCounter counter = InboundCounter.startingAt(0);
        long first = counter.received();
        long second = counter.received();
        assertThat(counter.h()).isZero();

        assertThat(counter.handled(first)).isTrue();
        assertThat(counter.h()).isEqualTo(1);
        assertThat(counter.handled(second)).isTrue();
        assertThat(counter.h()).isEqualTo(2);
    }

    @Test
    void aStanzaHandledBeforeAnEarlierOneWaitsForTheGapToClose() {
        InboundCounter counter = InboundCounter.startingAt(0);
        long one = counter.received();
        long two = counter.received();
        long three = counter.received();

        assertThat(counter.handled(three)).isFalse();
        assertThat(counter.handled(two)).isFalse();
        assertThat(counter.h()).as("1 is still being stored").isZero();

        assertThat(counter.handled(one)).isTrue();
        assertThat(counter.h()).isEqualTo(3);
    }

    @Test
    void repeatedUnknownAndFutureNumbersAreIgnored() {
        InboundCounter counter = InboundCounter.startingAt(0);
        long one = counter.received();
        counter.handled(one);

        assertThat(counter.handled(one)).isFalse();
        assertThat(counter.handled(0)).isFalse();
        assertThat(counter.handled(7)).as("never given out").isFalse();
        assertThat(counter.h()).isEqualTo(1);
        long two = counter.received();
        assertThat(counter.handled(two)).isTrue();
        assertThat(counter.h()).isEqualTo(2);
    }

    @Test
    void hWrapsPast2To32() {
        InboundCounter counter = InboundCounter.restored(0, SmCounter.MAX - 1);
        assertThat(counter.h()).isEqualTo(SmCounter.MAX - 1);

        counter.handled(counter.received());
        assertThat(counter.h()).isEqualTo(SmCounter.MAX);
        counter.handled(counter.received());
        assertThat(counter.h()).isZero();
        counter.handled(counter.received());
        assertThat(counter.h()).isEqualTo(1);
        assertThat(counter.handledCount()).isEqualTo(SmCounter.MODULUS + 1);
    }

    @Test
    void aNewSessionCountsFromZeroAndIgnoresLateReportsOfTheOldOne() {
        InboundCounter counter = InboundCounter.startingAt(0);
        counter.handled(counter.received());
        long inFlight = counter.received();

        counter.restart();
        assertThat(counter.h()).isZero();
        assertThat(counter.handled(inFlight)).as("a stanza of the dead session").isFalse();

        long fresh = counter.received();
        assertThat(fresh).isGreaterThan(inFlight);
        assertThat(counter.handled(fresh)).isTrue();
        assertThat(counter.h()).isEqualTo(1);
    }

    @Test
    void afterResumptionWhatWasNotHandledIsNumberedAgain() {
        InboundCounter counter = InboundCounter.startingAt(5);
        long one = counter.received();
        long two = counter.received();
        counter.handled(one);
        counter.handled(counter.received());
        assertThat(counter.h()).as("2 is missing").isEqualTo(1);

        counter.resumed(6);
        long resentTwo = counter.received();
        assertThat(resentTwo).isEqualTo(two);
        long resentThree = counter.received();
        counter.handled(resentThree);
        counter.handled(resentTwo);
        assertThat(counter.h()).isEqualTo(3);
    }

    @Test
    void aStanzaHandledAfterTheResumeWasSentIsNotCountedTwice() {
        InboundCounter counter = InboundCounter.startingAt(0);
        long one = counter.received();
        long two = counter.received();
        counter.handled(one);
        long told = counter.handledCount(); // our <resume h='1'/>
        counter.handled(two); // committed meanwhile

        counter.resumed(told);
        long resentTwo = counter.received();
        assertThat(resentTwo).as("the server resends from h+1").isEqualTo(two);
        assertThat(counter.handled(resentTwo)).as("handled already").isFalse();
        assertThat(counter.h()).isEqualTo(2);
        long three = counter.received();
        assertThat(counter.handled(three)).isTrue();
        assertThat(counter.h()).isEqualTo(3);
    }

    @Test
    void aSessionAfterAResumptionNumbersAfterEveryNumberGivenOut() {
        InboundCounter counter = InboundCounter.startingAt(0);
        counter.received();
        long two = counter.received();
        counter.handled(1);
        counter.resumed(1);
        assertThat(counter.receivedCount()).as("2 was given out, a late report for it may come").isEqualTo(two);
    }
}
