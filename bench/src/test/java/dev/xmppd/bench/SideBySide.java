package dev.xmppd.bench;

import static dev.xmppd.bench.BenchTable.none;
import static dev.xmppd.bench.BenchTable.of;

import dev.xmppd.ctl.Json;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.XmppServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every comparison of scripts/bench in one run, into one {@link BenchTable}: accounts online, login, archive
 * catch-up, parsing, control. Progress and each section's raw figures go to {@code log}.
 */
final class SideBySide {
    private static final String MIB = " MiB";

    private final BenchSizes sizes;
    private final Path dir;
    private final PrintStream log;
    private final BenchTable table = new BenchTable();

    SideBySide(BenchSizes sizes, Path dir, PrintStream log) {
        this.sizes = sizes;
        this.dir = dir;
        this.log = log;
    }

    /**
     * @param accountServers the servers the accounts-online accounts are spread over, in equal shares (each server
     *                       process here may hold only 1,024 open files: 1,000 accounts need two servers)
     * @param loginServer    serves the logins and the control daemon's account
     * @param archiveServer  holds the catch-up archive
     */
    BenchTable run(List<XmppServer> accountServers, XmppServer loginServer, XmppServer archiveServer)
            throws Exception {
        for (int n : sizes.accounts()) {
            accountsOnline(accountServers, n);
        }
        loginsAndControl(loginServer);
        catchUp(archiveServer);
        parsing();
        return table;
    }

    private void accountsOnline(List<XmppServer> servers, int n) throws Exception {
        String on = servers.stream().map(XmppServer::name).collect(Collectors.joining(" + "));
        log.printf("accounts online: %d accounts on %s (%s)%n", n, on, load());
        AccountsOnline.Result xmppd = AccountsOnline.xmppd(dir.resolve("online-xmppd-" + n),
                spread(servers, "x" + n + "u", n), sizes.idle());
        log.printf("  xmppd: %s (%s)%n", xmppd, load());
        AccountsOnline.Result smack = AccountsOnline.smack(dir.resolve("online-smack-" + n),
                spread(servers, "s" + n + "u", n), sizes.idle());
        log.printf("  Smack: %s (%s)%n", smack, load());
        String what = String.format("%,d accounts on %s: ", n, on);
        boolean target = n >= 1_000;
        table.add(what + "time until all online (s)", 1, of(xmppd.secondsToOnline()), of(smack.secondsToOnline()),
                none());
        double xThreads = xmppd.footprint().threads();
        if (target) {
            table.add(what + "threads", 0, of(xThreads), of(smack.footprint().threads()), none(), "<= 40",
                    xThreads <= 40);
            table.add(what + "heap after full GC (MiB)", 1, of(xmppd.footprint().heapAfterGcMiB()),
                    of(smack.footprint().heapAfterGcMiB()), none(), "<= 256" + MIB,
                    xmppd.footprint().heapAfterGcMiB() <= 256);
        } else {
            table.add(what + "threads", 0, of(xThreads), of(smack.footprint().threads()), none());
            table.add(what + "heap after full GC (MiB)", 1, of(xmppd.footprint().heapAfterGcMiB()),
                    of(smack.footprint().heapAfterGcMiB()), none());
        }
        table.add(what + "RSS (MiB)", 1, of(xmppd.footprint().rssMiB()), of(smack.footprint().rssMiB()), none());
        table.add(what + "CPU idle " + sizes.idle().toSeconds() + " s (% of a core)", 2, of(xmppd.idleCpuPercent()),
                of(smack.idleCpuPercent()), none());
    }

    private void loginsAndControl(XmppServer server) throws Exception {
        int count = sizes.loginWarmup() + sizes.logins();
        log.printf("logins: %d (%d warm-up) each on %s (%s)%n", count, sizes.loginWarmup(), server.name(), load());
        Logins.Timings xmppd;
        Logins.Timings status;
        Path daemonDir = Files.createDirectories(dir.resolve("login-xmppd"));
        try (XmppdProcess daemon = XmppdProcess.start(daemonDir, server, List.of())) {
            xmppd = Logins.xmppd(daemon, server, server.newAccounts("lx", count), sizes.loginWarmup());
            log.printf("  xmppd: %s (%s)%n", xmppd.millis(), load());
            // xmppctl status against the daemon holding one online account.
            Account one = server.newAccount("ctl");
            daemon.call("account.add", Json.object().put("jid", one.jid()).put("password", one.password())
                    .put("host", server.host()).put("port", server.starttlsPort())
                    .put("trustedCert", server.certificatePem().toString()));
            daemon.awaitOnline(1, Duration.ofSeconds(60));
            status = ControlTiming.status(daemon.socket(), sizes.statusCalls());
            log.printf("  xmppctl status: %s (%s)%n", status.millis(), load());
        }
        Logins.Timings smack = Logins.smack(server, server.newAccounts("ls", count), sizes.loginWarmup());
        log.printf("  Smack: %s (%s)%n", smack.millis(), load());
        Logins.Timings slixmpp = Logins.slixmpp(Files.createDirectories(dir.resolve("login-slixmpp")), server,
                server.newAccounts("lp", count), sizes.loginWarmup());
        log.printf("  slixmpp: %s (%s)%n", slixmpp.millis(), load());
        String what = String.format("login on %s, %d logins: ", server.name(), sizes.logins());
        table.add(what + "median (ms)", 1, of(xmppd.median()), of(smack.median()), of(slixmpp.median()));
        table.add(what + "p95 (ms)", 1, of(xmppd.p95()), of(smack.p95()), of(slixmpp.p95()));
        table.add(String.format("xmppctl status, JVM start included, median of %d (ms)", sizes.statusCalls()), 1,
                of(status.median()), none(), none());
    }

    private void catchUp(XmppServer server) throws Exception {
        log.printf("catch-up: filling a %,d-message archive on %s (%s)%n", sizes.archive(), server.name(), load());
        ArchiveCatchUp.Filled filled = ArchiveCatchUp.fill(server, sizes.archive());
        log.printf("  filled at %.0f msg/s (%s)%n", filled.messagesPerSecond(), load());
        BareMamClient.Run bare1 = ArchiveCatchUp.bare(server, filled.account());
        BareMamClient.Run smack = ArchiveCatchUp.smack(server, filled.account());
        BareMamClient.Run xmppd = ArchiveCatchUp.xmppd(Files.createDirectories(dir.resolve("catchup-xmppd")), server,
                filled.account(), sizes.archive());
        BareMamClient.Run bare2 = ArchiveCatchUp.bare(server, filled.account());
        for (BareMamClient.Run run : List.of(bare1, smack, bare2)) {
            if (run.messages() != sizes.archive()) {
                throw new IllegalStateException("a client paged " + run.messages() + " of " + sizes.archive());
            }
        }
        double bare = (bare1.rate() + bare2.rate()) / 2;
        log.printf("  bare %.0f and %.0f, Smack %.0f, xmppd %.0f msg/s (%s)%n", bare1.rate(), bare2.rate(),
                smack.rate(), xmppd.rate(), load());
        String what = String.format("catch-up, %,d messages on %s (msg/s; bare: mean of 2)", sizes.archive(),
                server.name());
        table.add(what + ": vs Smack", 0, of(xmppd.rate()), of(smack.rate()), of(bare),
                ">= 3x Smack", xmppd.rate() >= 3 * smack.rate());
        table.add(what + ": vs bare", 0, of(xmppd.rate()), of(smack.rate()), of(bare),
                ">= 80 % of bare", xmppd.rate() >= 0.8 * bare);
    }

    private void parsing() throws Exception {
        log.printf("parsing: JMH, %d fork(s), %d x %s warmup and measurement (%s)%n", sizes.jmhForks(),
                sizes.jmhIterations(), sizes.jmhTime(), load());
        Options options = new OptionsBuilder()
                .include(StreamReaderBenchmark.class.getName() + "\\.(streamReader|aaltoEvents|smack)$")
                .forks(sizes.jmhForks())
                .warmupIterations(sizes.jmhIterations()).warmupTime(TimeValue.milliseconds(sizes.jmhTime().toMillis()))
                .measurementIterations(sizes.jmhIterations())
                .measurementTime(TimeValue.milliseconds(sizes.jmhTime().toMillis()))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> megabytes = new HashMap<>();
        for (RunResult result : results) {
            megabytes.put(result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    result.getSecondaryResults().get("megabytes").getScore());
        }
        log.printf("  MB/s: %s; Smack's StAX parser: %s (%s)%n", megabytes, SmackStax.implementation(),
                load());
        double reader = megabytes.get("streamReader");
        double aalto = megabytes.get("aaltoEvents");
        table.add("parsing the recorded stream (MB/s; third column: raw Aalto events)", 0, of(reader),
                of(megabytes.get("smack")), of(aalto), ">= 80 % of raw Aalto", reader >= 0.8 * aalto);
    }

    /** {@code n} new accounts, registered on the servers in equal shares. */
    private static List<XmppdProcess.Placed> spread(List<XmppServer> servers, String prefix, int n) {
        List<XmppdProcess.Placed> placed = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            XmppServer server = servers.get(i);
            int share = n / servers.size() + (i < n % servers.size() ? 1 : 0);
            // Both servers serve the domain localhost: distinct localparts keep the bare JIDs apart.
            server.newAccounts(prefix + server.name(), share).forEach(a -> placed.add(new XmppdProcess.Placed(server, a)));
        }
        return placed;
    }

    /** The load average, recorded with each step: the machine is shared. */
    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load " + fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "load unknown";
        }
    }
}
