package dev.xmppd.daemon.control;

import dev.xmppd.daemon.net.Transcript;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The XML console ({@code xmppctl console ACCOUNT}): every account's transcript goes through here, and each
 * watching client gets the entries of the account it asked for. Entries arrive on Netty event loops with SASL
 * payloads already masked by the connection; a watcher must only queue them.
 */
public final class ConsoleHub {
    private final Map<String, List<Consumer<Transcript.Entry>>> watchers = new ConcurrentHashMap<>();

    /** The transcript to give the account {@code jid}'s connections. */
    public Transcript transcript(String jid) {
        return new Transcript() {
            @Override
            public void record(Entry entry) {
                List<Consumer<Entry>> list = watchers.get(jid);
                if (list != null) {
                    list.forEach(w -> w.accept(entry));
                }
            }

            @Override
            public boolean active() {
                return watchers.containsKey(jid);
            }
        };
    }

    /** Starts sending {@code jid}'s entries to {@code watcher}; run the returned action to stop. */
    public Runnable watch(String jid, Consumer<Transcript.Entry> watcher) {
        watchers.computeIfAbsent(jid, k -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> watchers.computeIfPresent(jid, (k, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }
}
