package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.store.ArchivedMessage;
import dev.xmppd.daemon.store.SyncRange;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.List;

/**
 * One MAM page asked for: the range it continues, the ids that match its results ({@code queryId}) and its answer
 * ({@code iqId}), and the results collected once the answer came.
 */
record Page(Jid archive, boolean own, SyncRange range, String queryId, String iqId, Element request,
            List<Item> results) {

    /** A result message with the XEP-0198 sequence number of the stanza that carried it. */
    record Item(ArchivedMessage message, long seq) {
    }

    Page {
        results = List.copyOf(results);
    }

    Page withResults(List<Item> items) {
        return new Page(archive, own, range, queryId, iqId, request, items);
    }
}
