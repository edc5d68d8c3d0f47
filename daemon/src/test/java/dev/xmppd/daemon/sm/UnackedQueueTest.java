package dev.xmppd.daemon.sm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.ext.sm.SmCounter;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0198 §4 outbound side: the queue is trimmed by h, h beyond what was sent is refused, h wraps at 2^32. */
class UnackedQueueTest {

    private static Element message(String id) {
        return Element.builder("message", "jabber:client").attribute("id", id).build();
    }

    private static List<String> ids(UnackedQueue queue) {
        return queue.entries().stream().map(e -> e.stanza().attribute("id").orElseThrow()).toList();
    }

    @Test
    void anAckDropsWhatItCoversAndKeepsTheRest() {
        UnackedQueue queue = UnackedQueue.startingAt(0);
        queue.add(message("a"));
        queue.add(message("b"));
        queue.add(message("c"));

        assertThat(queue.ack(2)).isEqualTo(new UnackedQueue.Acked(2));
        assertThat(ids(queue)).containsExactly("c");
        assertThat(queue.ack(2)).as("the same h again").isEqualTo(new UnackedQueue.Acked(0));
        assertThat(queue.ack(3)).isEqualTo(new UnackedQueue.Acked(1));
        assertThat(queue.size()).isZero();
        assertThat(queue.sendCount()).isEqualTo(3);
    }

    @Test
    void hHigherThanWhatWasSentIsRefusedAndTheQueueKept() {
        UnackedQueue queue = UnackedQueue.startingAt(0);
        queue.add(message("a"));
        queue.add(message("b"));

        assertThat(queue.ack(3)).isEqualTo(new UnackedQueue.TooHigh(3, 2));
        assertThat(ids(queue)).containsExactly("a", "b");
        assertThat(queue.ack(1)).isEqualTo(new UnackedQueue.Acked(1));
        assertThat(queue.ack(0)).as("h going back looks like one far ahead").isInstanceOf(UnackedQueue.TooHigh.class);
        assertThat(ids(queue)).containsExactly("b");
    }

    @Test
    void hWrapsPast2To32() {
        UnackedQueue queue = UnackedQueue.restored(0, SmCounter.MAX - 1, List.of());
        queue.add(message("a"));
        queue.add(message("b"));
        queue.add(message("c"));
        assertThat(queue.sendCount()).isEqualTo(1);

        assertThat(queue.ack(SmCounter.MAX)).isEqualTo(new UnackedQueue.Acked(1));
        assertThat(queue.ack(0)).isEqualTo(new UnackedQueue.Acked(1));
        assertThat(ids(queue)).containsExactly("c");
        assertThat(queue.ack(2)).isEqualTo(new UnackedQueue.TooHigh(2, 1));
        assertThat(queue.ack(1)).isEqualTo(new UnackedQueue.Acked(1));
        assertThat(queue.size()).isZero();
        assertThat(queue.ackedCount()).isEqualTo(SmCounter.MODULUS + 1);
    }

    @Test
    void aNewSessionHandsBackWhatTheOldOneOwedAndCountsFromZero() {
        UnackedQueue queue = UnackedQueue.startingAt(0);
        queue.add(message("a"));
        queue.add(message("b"));
        queue.ack(1);

        List<Element> owed = queue.restart();
        assertThat(owed).extracting(e -> e.attribute("id").orElseThrow()).containsExactly("b");
        assertThat(queue.size()).isZero();
        assertThat(queue.sendCount()).isZero();

        long position = queue.add(message("b"));
        assertThat(position).as("positions never repeat").isEqualTo(3);
        assertThat(queue.ack(1)).isEqualTo(new UnackedQueue.Acked(1));
    }

    @Test
    void aRestoredQueueResumesAtItsPositions() {
        UnackedQueue queue = UnackedQueue.restored(10, 14, List.of(message("x"), message("y")));
        assertThat(queue.entries()).extracting(UnackedQueue.Entry::position).containsExactly(15L, 16L);
        assertThat(queue.from(16)).extracting(UnackedQueue.Entry::position).containsExactly(16L);
        assertThat(queue.ack(5)).isEqualTo(new UnackedQueue.Acked(1));
        assertThat(ids(queue)).containsExactly("y");
    }
}
