package dev.xmppd.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cross-check of {@link StreamReaderBenchmark} for a machine shared with other work: the parsers
 * take turns, {@value #PASSES} whole streams each per round, and each turn is timed in <em>process CPU time</em>
 * (garbage collection and compiler threads included) rather than wall time. Load from other processes then
 * slows all of them alike and hardly moves the CPU-time figures, so the ratio stays meaningful when the JMH
 * wall-clock scores are noisy. The headline figure divides all megabytes read by all CPU time spent,
 * which also averages out the coarse (clock-tick) resolution of process CPU time; the quartiles of the
 * per-turn figures show the spread. It is no replacement for JMH: no forks, no compiler blackholes.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.xmppd.bench.InterleavedComparison [rounds]
 * [chunkSize]}.
 */
public final class InterleavedComparison {

    private static final int WARMUP_ROUNDS = 10;
    /** Streams read per turn: a turn then lasts far longer than one clock tick of process CPU time. */
    private static final int PASSES = 5;

    private enum Parser { STREAM_READER, AALTO_EVENTS, AALTO_EVENTS_ON_BYTE_BUFFER, AALTO_TREE, SMACK }

    private InterleavedComparison() {
    }

    public static void main(String[] args) throws XMLStreamException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int chunkSize = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        RecordedStream recorded = RecordedStream.standard();
        Blackhole sink = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Parser[] parsers = Parser.values();
        double[][] megabytesPerCpuSecond = new double[parsers.length][rounds];
        long[] totalCpuNanos = new long[parsers.length];
        System.out.printf(Locale.ROOT, "stream: %d bytes, %d stanzas, chunks of %d bytes; %d warmup + %d rounds"
                + " of %d streams per parser%n", recorded.length(), recorded.stanzas(), chunkSize, WARMUP_ROUNDS,
                rounds, PASSES);
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            for (int turn = 0; turn < parsers.length; turn++) {
                // Rotate the order so no parser always runs right after the same other one.
                Parser parser = parsers[(turn + Math.floorMod(round, parsers.length)) % parsers.length];
                long before = os.getProcessCpuTime();
                for (int pass = 0; pass < PASSES; pass++) {
                    int elements = run(parser, recorded.bytes(), chunkSize, sink);
                    if (elements != recorded.stanzas()) {
                        throw new IllegalStateException(parser + " saw " + elements + " elements");
                    }
                }
                long cpuNanos = os.getProcessCpuTime() - before;
                if (round >= 0) {
                    megabytesPerCpuSecond[parser.ordinal()][round] = PASSES * recorded.megabytes() / (cpuNanos / 1e9);
                    totalCpuNanos[parser.ordinal()] += cpuNanos;
                }
            }
        }
        double totalMegabytes = (double) rounds * PASSES * recorded.megabytes();
        double ceiling = totalMegabytes / (totalCpuNanos[Parser.AALTO_EVENTS.ordinal()] / 1e9);
        System.out.printf(Locale.ROOT, "%-27s %12s %20s %14s%n", "parser", "MB/CPU-s", "per turn p25..p75",
                "of aaltoEvents");
        for (Parser parser : parsers) {
            double overall = totalMegabytes / (totalCpuNanos[parser.ordinal()] / 1e9);
            double[] values = megabytesPerCpuSecond[parser.ordinal()];
            Arrays.sort(values);
            System.out.printf(Locale.ROOT, "%-27s %12.1f %9.1f..%-9.1f %13.1f%%%n", parser, overall,
                    values[values.length / 4], values[values.length * 3 / 4], 100 * overall / ceiling);
        }
    }

    private static int run(Parser parser, byte[] stream, int chunkSize, Blackhole sink) throws XMLStreamException {
        return switch (parser) {
            case STREAM_READER -> ChunkedParsing.streamReader(stream, chunkSize, sink);
            case AALTO_EVENTS -> ChunkedParsing.aaltoEvents(stream, chunkSize);
            case AALTO_EVENTS_ON_BYTE_BUFFER -> ChunkedParsing.aaltoEventsOnByteBuffer(stream, chunkSize);
            case AALTO_TREE -> ChunkedParsing.aaltoTree(stream, chunkSize, sink);
            case SMACK -> SmackParsing.smack(stream, chunkSize, sink);
        };
    }
}
