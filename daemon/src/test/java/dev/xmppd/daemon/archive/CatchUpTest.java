package dev.xmppd.daemon.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.daemon.store.LedgerChange;
import dev.xmppd.daemon.store.SyncRange;
import dev.xmppd.protocol.ext.mam.MamFin;
import dev.xmppd.protocol.ext.rsm.PageResult;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.XmlWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The paging of a catch-up range: the query sent, and what each fin changes in the ledger. */
class CatchUpTest {
    private static final Jid ALICE = Jid.parse("alice@example.org");
    private static final Jid ROOM = Jid.parse("lounge@conference.example.org");

    private static SyncRange forward(String after) {
        return new SyncRange(7, ALICE.toString(), false, Optional.ofNullable(after), Optional.empty(), Optional.empty(),
                OptionalInt.empty());
    }

    private static MamFin fin(boolean complete, String first, String last) {
        return new MamFin(complete, true, new PageResult(Optional.ofNullable(first), Optional.ofNullable(last),
                OptionalInt.empty(), OptionalInt.empty()));
    }

    @Test
    void aForwardPageAsksAfterTheCursorWithTheLargestPageAndNoAddressForTheOwnArchive() {
        String xml = XmlWriter.write(CatchUp.request(forward("1568719955"), ALICE, true, "iq1", "q1", 250));
        assertThat(xml).contains("type='set'").contains("id='iq1'").doesNotContain(" to=")
                .contains("<query xmlns='urn:xmpp:mam:2' queryid='q1'>")
                .contains("<max>250</max>").contains("<after>1568719955</after>");
    }

    @Test
    void aFirstSyncSinceADateFiltersOnStartAndARoomIsAddressed() {
        SyncRange since = new SyncRange(1, ROOM.toString(), false, Optional.empty(), Optional.empty(),
                Optional.of(Instant.parse("2024-03-01T00:00:00Z")), OptionalInt.empty());
        String xml = XmlWriter.write(CatchUp.request(since, ROOM, false, "iq2", "q2", 100));
        assertThat(xml).contains("to='lounge@conference.example.org'").contains("var='start'")
                .contains("2024-03-01T00:00:00Z").doesNotContain("<after>");
    }

    @Test
    void aBackwardPageAsksForTheNewestFirstAndNoMoreThanStillWanted() {
        SyncRange last = new SyncRange(2, ALICE.toString(), true, Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.of(30));
        String xml = XmlWriter.write(CatchUp.request(last, ALICE, true, "iq3", "q3", 250));
        assertThat(xml).contains("<max>30</max>").contains("<before/>");
    }

    @Test
    void anIncompleteForwardPageMovesTheCursorAndTheLastIdTogether() {
        CatchUp.Step step = CatchUp.afterPage(forward("a"), fin(false, "b", "k"), 250, false);
        assertThat(step.changes()).containsExactly(new LedgerChange.Advance(7, "k"),
                new LedgerChange.SetLast(ALICE.toString(), "k"));
        assertThat(step.rest()).hasValueSatisfying(r -> assertThat(r.afterId()).contains("k"));
    }

    @Test
    void theCompletePageFinishesTheRangeAndAnEmptyOneLeavesTheLastIdAlone() {
        CatchUp.Step complete = CatchUp.afterPage(forward("a"), fin(true, "b", "c"), 2, false);
        assertThat(complete.changes()).containsExactly(new LedgerChange.Advance(7, "c"),
                new LedgerChange.SetLast(ALICE.toString(), "c"), new LedgerChange.Finish(7));
        assertThat(complete.rest()).isEmpty();
        CatchUp.Step empty = CatchUp.afterPage(forward("a"), fin(true, null, null), 0, false);
        assertThat(empty.changes()).containsExactly(new LedgerChange.Finish(7));
    }

    @Test
    void anIncompletePageWithoutALastIdEndsTheRangeInsteadOfLooping() {
        assertThat(CatchUp.afterPage(forward("a"), fin(false, null, null), 0, false).rest()).isEmpty();
    }

    @Test
    void aBackwardFirstSyncRemembersTheNewestIdOnceAndCountsDown() {
        SyncRange last = new SyncRange(2, ALICE.toString(), true, Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.of(300));
        CatchUp.Step first = CatchUp.afterPage(last, fin(false, "m1", "m250"), 250, true);
        assertThat(first.changes()).containsExactly(new LedgerChange.SetLast(ALICE.toString(), "m250"),
                new LedgerChange.Retreat(2, "m1", 50));
        CatchUp.Step second = CatchUp.afterPage(first.rest().orElseThrow(), fin(false, "x", "y"), 50, true);
        assertThat(second.changes()).containsExactly(new LedgerChange.Finish(2));
    }
}
