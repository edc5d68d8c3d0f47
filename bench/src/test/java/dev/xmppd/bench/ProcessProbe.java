package dev.xmppd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM process costs, read the way an operator would: resident memory and threads from /proc, the heap
 * after a full collection through {@code jcmd}, and CPU time from {@code /proc/PID/stat} over an idle window.
 */
final class ProcessProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private final Process process;

    ProcessProbe(Process process) {
        this.process = process;
    }

    /** What one look at the process found. */
    record Footprint(double rssMiB, int threads, double heapAfterGcMiB) {
    }

    Footprint footprint() throws IOException {
        String status = Files.readString(Path.of("/proc", pid(), "status"));
        return new Footprint(field(status, "VmRSS") / 1024.0, (int) field(status, "Threads"), heapAfterFullGc());
    }

    /**
     * CPU time used while nothing is asked of the process, as a share of one core (100 % = one core busy): the
     * process is left alone for {@code window}; ends early (and fails) when the process exits.
     */
    double idleCpuPercent(Duration window) throws IOException, InterruptedException {
        long before = cpuTicks();
        long start = System.nanoTime();
        if (process.waitFor(window.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the process exited during the idle window: " + process.exitValue());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (cpuTicks() - before) / TICKS_PER_SECOND / seconds * 100;
    }

    /** The Java heap in use right after {@code GC.run}: the sum of the generations' "used" (metaspace excluded). */
    double heapAfterFullGc() throws IOException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long kib = 0;
        for (String line : info.lines().toList()) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                kib += Long.parseLong(m.group(1));
            }
        }
        if (kib == 0) {
            throw new IllegalStateException("no heap figures in jcmd GC.heap_info: " + info);
        }
        return kib / 1024.0;
    }

    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", pid(), "stat"));
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
    }

    private String jcmd(String command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), pid(), command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("jcmd " + command + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private String pid() {
        return Long.toString(process.pid());
    }

    private static long field(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in /proc status");
        }
        return Long.parseLong(m.group(1));
    }
}
