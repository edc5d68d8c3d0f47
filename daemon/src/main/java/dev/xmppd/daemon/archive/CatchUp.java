package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.store.LedgerChange;
import dev.xmppd.daemon.store.SyncRange;
import dev.xmppd.protocol.ext.mam.MamFin;
import dev.xmppd.protocol.ext.mam.MamQuery;
import dev.xmppd.protocol.ext.rsm.PageRequest;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The paging of one catch-up range (XEP-0313 v2 with XEP-0059 RSM), pure: the query for the next page, and what a
 * page's {@code <fin/>} changes in the ledger. Forward ranges page with {@code <after/>} until {@code complete};
 * backward ranges (first sync "last N") page with {@code <before/>} until N items came or the archive's start.
 */
final class CatchUp {

    private CatchUp() {
    }

    /** The iq asking {@code archive} for the page of {@code range} (no {@code to} for the account's own archive). */
    static Element request(SyncRange range, Jid archive, boolean own, String iqId, String queryId, int pageSize) {
        MamQuery.Builder query = MamQuery.builder().queryId(queryId);
        if (range.backward()) {
            int max = Math.max(1, Math.min(pageSize, range.remaining().orElse(pageSize)));
            query.page(PageRequest.before(range.beforeId().orElse(""), OptionalInt.of(max)));
        } else if (range.afterId().isPresent()) {
            query.page(PageRequest.after(range.afterId().get(), OptionalInt.of(pageSize)));
        } else {
            range.since().ifPresent(query::start);
            query.page(PageRequest.first(pageSize));
        }
        return Element.builder("iq", "jabber:client")
                .attribute("type", IqType.SET.value())
                .attribute("id", iqId)
                .attribute("to", own ? null : archive.toString())
                .child(query.build().toElement())
                .build();
    }

    /**
     * The page is in: the ledger changes to commit with its messages, and the range as it now stands (empty when
     * it is complete).
     *
     * @param items       how many results of this page came
     * @param lastUnknown true when no newest stanza-id is known for the archive yet (a backward first sync)
     */
    record Step(List<LedgerChange> changes, Optional<SyncRange> rest) {
        Step {
            changes = List.copyOf(changes);
        }
    }

    static Step afterPage(SyncRange range, MamFin fin, int items, boolean lastUnknown) {
        List<LedgerChange> changes = new ArrayList<>();
        Optional<String> first = fin.page().first();
        Optional<String> last = fin.page().last();
        if (range.backward()) {
            if (lastUnknown && range.beforeId().isEmpty() && last.isPresent()) {
                changes.add(new LedgerChange.SetLast(range.archive(), last.get()));
            }
            int remaining = range.remaining().orElse(0) - items;
            if (fin.complete() || remaining <= 0 || first.isEmpty() || items == 0) {
                changes.add(new LedgerChange.Finish(range.id()));
                return new Step(changes, Optional.empty());
            }
            changes.add(new LedgerChange.Retreat(range.id(), first.get(), remaining));
            return new Step(changes, Optional.of(new SyncRange(range.id(), range.archive(), true, Optional.empty(),
                    first, Optional.empty(), OptionalInt.of(remaining))));
        }
        if (last.isPresent()) {
            changes.add(new LedgerChange.Advance(range.id(), last.get()));
            changes.add(new LedgerChange.SetLast(range.archive(), last.get()));
        }
        // A page that is not complete but names no last item cannot be continued: stop rather than loop.
        if (fin.complete() || last.isEmpty() || items == 0) {
            changes.add(new LedgerChange.Finish(range.id()));
            return new Step(changes, Optional.empty());
        }
        return new Step(changes, Optional.of(new SyncRange(range.id(), range.archive(), false, last, Optional.empty(),
                Optional.empty(), OptionalInt.empty())));
    }
}
