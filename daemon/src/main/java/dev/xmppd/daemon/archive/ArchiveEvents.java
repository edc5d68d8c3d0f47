package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.store.ArchivedMessage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the daemon announces to live watchers ({@code xmppctl tail}, {@code xmppctl sync}'s progress line): messages
 * stored, catch-up progress, account state changes. Publishers are actors, subscribers are control connections; a
 * subscriber must not block (it queues a notification), so publishing never waits.
 */
public final class ArchiveEvents {

    public sealed interface Event {
        String account();
    }

    /** A message new to the archive, after its transaction committed. */
    public record MessageStored(String account, ArchivedMessage message) implements Event {
    }

    /**
     * A page of a catch-up committed.
     *
     * @param total the size of the range as the archive counted it (RSM {@code count}), when it did
     */
    public record SyncProgress(String account, String archive, long fetched, long stored, int pages,
                               OptionalInt total) implements Event {
    }

    /** The account's connection state changed (DESIGN.md spelling: online, backoff, auth-failed...). */
    public record StateChanged(String account, String state, Optional<String> error) implements Event {
    }

    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    /** Delivers every event from now on until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(Event event) {
        for (Consumer<Event> subscriber : subscribers) {
            subscriber.accept(event);
        }
    }
}
