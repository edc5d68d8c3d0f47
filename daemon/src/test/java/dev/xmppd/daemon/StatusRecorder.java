package dev.xmppd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Polls one account's status on a virtual thread and keeps every distinct entry, so a test sees short-lived
 * states (a backoff between two retries) even while it is busy elsewhere, e.g. waiting for a server to stop.
 */
final class StatusRecorder implements AutoCloseable {

    /** One published state; {@code since} tells two retries with the same error apart. */
    record Seen(String state, String lastError, Instant since) {
    }

    private static final Duration POLL = Duration.ofMillis(15);

    private final RunningDaemon daemon;
    private final String jid;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("status-recorder").factory());

    private StatusRecorder(RunningDaemon daemon, String jid) {
        this.daemon = daemon;
        this.jid = jid;
        poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    static StatusRecorder record(RunningDaemon daemon, String jid) {
        return new StatusRecorder(daemon, jid);
    }

    private void poll() {
        JsonNode status = daemon.status(jid);
        if (!status.isMissingNode()) {
            Seen now = new Seen(status.path("state").asText(), status.path("lastError").asText(""),
                    Instant.parse(status.path("since").asText()));
            if (seen.isEmpty() || !seen.getLast().equals(now)) {
                seen.add(now);
            }
        }
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The entries in {@code state}, in order. */
    List<Seen> seen(String state) {
        return seen.stream().filter(s -> s.state().equals(state)).toList();
    }

    /** Waits until at least {@code count} entries in {@code state} have an error containing {@code fragment}. */
    List<Seen> awaitSeen(String state, String fragment, int count, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(POLL).until(() -> matching(state, fragment).size() >= count);
        return matching(state, fragment);
    }

    private List<Seen> matching(String state, String fragment) {
        return seen(state).stream().filter(s -> s.lastError().contains(fragment)).toList();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
