package dev.xmppd.daemon.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the store's writes succeed, for {@code status}: {@link Store} and {@link ArchiveStore} report each write's
 * outcome, the control server reads the last one. An error (a full disk: "No space left on device") stays until a
 * write succeeds again; {@code since} is when the current state began.
 *
 * <p>Shared on purpose rather than asked of the store actors: when the disk is the problem those actors may be
 * busy in a slow write, and {@code status} must still answer at once.
 */
public final class StoreHealth {

    /** {@code error} is present while writes fail. */
    public record Report(Optional<String> error, Instant since) {
        public Report {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(since, "since");
        }

        public boolean failing() {
            return error.isPresent();
        }
    }

    private final Clock clock;
    private final AtomicReference<Report> current;

    public StoreHealth(Clock clock) {
        this.clock = clock;
        this.current = new AtomicReference<>(new Report(Optional.empty(), clock.instant()));
    }

    public Report current() {
        return current.get();
    }

    /** A write failed with a storage error; {@code error} says why (no secrets: it is the database's message). */
    void failed(String error) {
        Instant now = clock.instant();
        // The first error of a failing spell names the cause (a full disk); what follows is often its consequence
        // (H2 closes the database after a failed write: "The database has been closed").
        current.updateAndGet(r -> r.failing() ? r : new Report(Optional.of(error), now));
    }

    /** A write was committed: a reported error is over. */
    void wrote() {
        if (current.get().failing()) {
            Instant now = clock.instant();
            current.updateAndGet(r -> r.failing() ? new Report(Optional.empty(), now) : r);
        }
    }
}
