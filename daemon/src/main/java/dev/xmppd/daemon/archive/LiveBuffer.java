package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.store.ArchivedMessage;
import dev.xmppd.daemon.store.LedgerChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Group commit of live messages, confined to the {@link ArchiveSync} actor: one batch in the store at a time; what
 * arrives meanwhile goes into the next batch, so under load a transaction carries many messages.
 */
final class LiveBuffer {

    /** A message with the XEP-0198 number of its stanza ({@link #NO_SEQ} for our own sends). */
    record Live(ArchivedMessage message, long seq) {
    }

    static final long NO_SEQ = -1;

    private final List<Live> waiting = new ArrayList<>();
    private boolean inFlight;

    void add(ArchivedMessage message, long seq) {
        waiting.add(new Live(message, seq));
    }

    /** The next batch to store, when none is in flight; it is in flight until {@link #stored()}. */
    Optional<List<Live>> next() {
        if (inFlight || waiting.isEmpty()) {
            return Optional.empty();
        }
        List<Live> batch = List.copyOf(waiting);
        waiting.clear();
        inFlight = true;
        return Optional.of(batch);
    }

    void stored() {
        inFlight = false;
    }

    /** The batch in flight could not be stored: it goes first into the next one, which is tried again later. */
    void retry(List<Live> batch) {
        waiting.addAll(0, batch);
        inFlight = false;
    }

    /** The newest trusted stanza-id of each archive in the batch becomes that archive's last stanza-id. */
    static List<LedgerChange> lastIds(List<ArchivedMessage> batch) {
        Map<String, LedgerChange> newest = new LinkedHashMap<>();
        for (ArchivedMessage m : batch) {
            m.stanzaId().ifPresent(id -> newest.put(m.archive(), new LedgerChange.SetLast(m.archive(), id)));
        }
        return List.copyOf(newest.values());
    }
}
