package dev.xmppd.daemon.account;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How many logins (TCP, TLS, SASL, bind, the recap) run at once, across every account of the daemon. Starting a
 * thousand accounts at once makes every TLS handshake and SASL exchange wait for the CPU and the server, and the
 * slowest run into their timeouts; a login admitted here runs at full speed instead, and the others wait their turn
 * in order. An account enters before it dials and leaves once it is online or has failed.
 */
public final class LoginGate {

    private final int limit;
    private final Queue<Ticket> waiting = new ArrayDeque<>();
    private int running;

    public LoginGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the login limit must be at least 1, not " + limit);
        }
        this.limit = limit;
    }

    /** A place in the queue; {@link Ticket#admitted()} completes when the login may start. */
    public Ticket enter() {
        Ticket ticket = new Ticket();
        boolean now;
        synchronized (this) {
            now = running < limit;
            if (now) {
                running++;
                ticket.state = State.ADMITTED;
            } else {
                waiting.add(ticket);
            }
        }
        if (now) {
            ticket.admitted.complete(null);
        }
        return ticket;
    }

    /** Logins running now. */
    public synchronized int running() {
        return running;
    }

    /** Logins waiting for a place. */
    public synchronized int waiting() {
        return waiting.size();
    }

    public int limit() {
        return limit;
    }

    private void leave(Ticket ticket) {
        Ticket next;
        synchronized (this) {
            switch (ticket.state) {
                case WAITING -> {
                    waiting.remove(ticket);
                    ticket.state = State.LEFT;
                    return;
                }
                case LEFT -> {
                    return;
                }
                case ADMITTED -> ticket.state = State.LEFT;
            }
            next = waiting.poll();
            if (next == null) {
                running--;
                return;
            }
            next.state = State.ADMITTED; // the place passes on: running stays the same
        }
        next.admitted.complete(null);
    }

    private enum State { WAITING, ADMITTED, LEFT }

    /** One login's place: leave it once (more calls do nothing), whether it was admitted yet or not. */
    public final class Ticket {
        private final CompletableFuture<Void> admitted = new CompletableFuture<>();
        private State state = State.WAITING; // guarded by the gate

        private Ticket() {
        }

        public CompletionStage<Void> admitted() {
            return admitted;
        }

        public void leave() {
            LoginGate.this.leave(this);
        }
    }
}
