package dev.xmppd.daemon.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoginGateTest {

    @Test
    void admitsUpToTheLimitAndTheRestInOrder() {
        LoginGate gate = new LoginGate(2);
        List<LoginGate.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tickets.add(gate.enter());
        }
        assertThat(admitted(tickets)).containsExactly(true, true, false, false, false);
        assertThat(gate.running()).isEqualTo(2);
        assertThat(gate.waiting()).isEqualTo(3);

        tickets.get(1).leave();
        assertThat(admitted(tickets)).containsExactly(true, true, true, false, false);
        tickets.get(0).leave();
        assertThat(admitted(tickets)).containsExactly(true, true, true, true, false);
        assertThat(gate.running()).isEqualTo(2);
        assertThat(gate.waiting()).isEqualTo(1);
    }

    @Test
    void leavingTwiceOrBeforeAdmissionFreesNoExtraPlace() {
        LoginGate gate = new LoginGate(1);
        LoginGate.Ticket first = gate.enter();
        LoginGate.Ticket second = gate.enter();
        LoginGate.Ticket third = gate.enter();
        second.leave(); // gave up while waiting (the account was removed)
        first.leave();
        first.leave(); // a second leave must not admit a second login
        assertThat(third.admitted().toCompletableFuture().isDone()).isTrue();
        assertThat(second.admitted().toCompletableFuture().isDone()).isFalse();
        assertThat(gate.running()).isEqualTo(1);
        assertThat(gate.waiting()).isZero();
        third.leave();
        assertThat(gate.running()).isZero();
    }

    @Test
    void neverRunsMoreThanTheLimitUnderContention() throws Exception {
        LoginGate gate = new LoginGate(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int logins = 2_000;
        CountDownLatch done = new CountDownLatch(logins);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < logins; i++) {
                pool.execute(() -> {
                    LoginGate.Ticket ticket = gate.enter();
                    ticket.admitted().thenRunAsync(() -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        ticket.leave();
                        done.countDown();
                    }, pool);
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isBetween(1, 3);
        assertThat(gate.running()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new LoginGate(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Boolean> admitted(List<LoginGate.Ticket> tickets) {
        return tickets.stream().map(t -> t.admitted().toCompletableFuture().isDone()).toList();
    }
}
