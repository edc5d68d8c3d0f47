package dev.xmppd.bench;

import dev.xmppd.bench.XmppdProcess.Placed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * N accounts online in one process: xmppd ({@code bin/xmppd} with the accounts declared in its config) next to the
 * same number of accounts as Smack {@code XMPPTCPConnection}s in one JVM ({@link SmackAccounts}, the same JVM
 * options as bin/xmppd). For each: seconds from the JVM's start until all are online, then CPU while left idle,
 * threads, RSS and the heap after a full GC.
 */
final class AccountsOnline {
    /** How many Smack logins run at once (xmppd starts all its accounts at once). */
    static final int SMACK_LOGIN_THREADS = 16;
    private static final String XMPPD_JAVA_OPTIONS = "-XX:+UseSerialGC -Xss512k";

    private AccountsOnline() {
    }

    record Result(double secondsToOnline, ProcessProbe.Footprint footprint, double idleCpuPercent) {
    }

    static Result xmppd(Path dir, List<Placed> accounts, Duration idle) throws Exception {
        try (XmppdProcess daemon = XmppdProcess.start(Files.createDirectories(dir), accounts)) {
            double seconds = Duration.between(daemon.started(),
                    daemon.awaitOnline(accounts.size(), Duration.ofMinutes(15))).toNanos() / 1e9;
            return measure(daemon.process(), seconds, idle);
        }
    }

    static Result smack(Path dir, List<Placed> accounts, Duration idle) throws Exception {
        Files.createDirectories(dir);
        // One line per account: user, host, port, certificate, password (the file is 0600).
        Path file = dir.resolve("accounts.tsv");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.write(file, accounts.stream().map(p -> String.join("\t", p.account().user(), p.server().host(),
                Integer.toString(p.server().starttlsPort()), p.server().domain(), p.server().certificatePem().toString(),
                p.account().password())).toList());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(XMPPD_JAVA_OPTIONS.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SmackAccounts.class.getName(),
                file.toString(), Integer.toString(SMACK_LOGIN_THREADS)));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("smack.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(15, TimeUnit.MINUTES);
            if (line == null || !line.startsWith("online ")) {
                throw new IllegalStateException("Smack did not get every account online: " + line + "\n"
                        + Files.readString(dir.resolve("smack.log")));
            }
            // From the JVM's start, as for xmppd (the line's own figure counts from main()).
            return measure(process, (System.nanoTime() - start) / 1e9, idle);
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Result measure(Process process, double seconds, Duration idle) throws Exception {
        ProcessProbe probe = new ProcessProbe(process);
        // The idle window first: the forced GC of the footprint would otherwise be part of it.
        double cpu = probe.idleCpuPercent(idle);
        return new Result(seconds, probe.footprint(), cpu);
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
