package dev.xmppd.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How big each comparison of scripts/bench is: the full run (docs/BENCHMARKS.md) or the smoke run CI makes, which
 * only proves that every part of the harness works.
 *
 * @param accounts        the account counts of "accounts online"
 * @param idle            how long each process is left idle for its CPU figure
 * @param logins          logins measured per client
 * @param loginWarmup     logins before those, not counted
 * @param archive         messages in the catch-up archive
 * @param statusCalls     xmppctl status runs
 * @param jmhForks        JMH forks (0: in this JVM)
 * @param jmhIterations   JMH warmup and measurement iterations each
 * @param jmhTime         JMH time per iteration
 */
record BenchSizes(List<Integer> accounts, Duration idle, int logins, int loginWarmup, int archive, int statusCalls,
                  int jmhForks, int jmhIterations, Duration jmhTime) {

    static final BenchSizes FULL = new BenchSizes(List.of(100, 1_000), Duration.ofSeconds(60), 50, 5, 20_000, 20,
            1, 6, Duration.ofSeconds(2));
    static final BenchSizes SMOKE = new BenchSizes(List.of(5), Duration.ofSeconds(2), 3, 1, 200, 2,
            0, 1, Duration.ofMillis(200));

    /**
     * {@code -Dbench.mode=smoke|full}, full by default; {@code -Dbench.accounts=100,1000,2000} overrides the account
     * counts (e.g. to try more).
     */
    static BenchSizes fromSystemProperty() {
        BenchSizes sizes = switch (System.getProperty("bench.mode", "full")) {
            case "smoke" -> SMOKE;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("bench.mode is smoke or full");
        };
        String accounts = System.getProperty("bench.accounts", "");
        if (accounts.isBlank()) {
            return sizes;
        }
        return new BenchSizes(Arrays.stream(accounts.split(",")).map(String::strip).map(Integer::valueOf).toList(),
                sizes.idle, sizes.logins, sizes.loginWarmup, sizes.archive, sizes.statusCalls, sizes.jmhForks,
                sizes.jmhIterations, sizes.jmhTime);
    }
}
