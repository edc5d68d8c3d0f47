package dev.xmppd.bench;

import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLStreamException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@code StreamReader} next to raw Aalto async parsing and Smack's parser, on the same {@link RecordedStream}
 * of {@value RecordedStream#STANZAS} mixed stanzas fed in the same chunks (4 KiB by default, the size of a
 * typical socket read). One operation reads the whole stream, parser creation included.
 *
 * <p>The primary score is streams per second. The secondary score {@code :megabytes} is the same rate in
 * megabytes (10^6 bytes) per second: JMH prints its unit as {@code ops/s}, read it as MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StreamReaderBenchmark {

    /** Bytes per feed. Override with {@code -p chunkSize=65536} to see the effect of larger reads. */
    @Param("4096")
    public int chunkSize;

    private byte[] stream;
    private double megabytes;

    /** Counts the megabytes read per iteration, so JMH reports them as a rate next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public double megabytes;

        @Setup(Level.Iteration)
        public void reset() {
            megabytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void record() {
        RecordedStream recorded = RecordedStream.standard();
        stream = recorded.bytes();
        megabytes = recorded.megabytes();
    }

    /** xmppd's reader: UTF-8 validation, restricted-XML checks, size limits, immutable element trees. */
    @Benchmark
    public int streamReader(Throughput throughput, Blackhole sink) {
        int elements = ChunkedParsing.streamReader(stream, chunkSize, sink);
        throughput.megabytes += megabytes;
        return elements;
    }

    /** Raw Aalto pulling events without looking at them: the ceiling. */
    @Benchmark
    public int aaltoEvents(Throughput throughput) throws XMLStreamException {
        int elements = ChunkedParsing.aaltoEvents(stream, chunkSize);
        throughput.megabytes += megabytes;
        return elements;
    }

    /** Raw Aalto pulling events through the ByteBuffer feeder StreamReader uses: the feeder's share. */
    @Benchmark
    public int aaltoEventsOnByteBuffer(Throughput throughput) throws XMLStreamException {
        int elements = ChunkedParsing.aaltoEventsOnByteBuffer(stream, chunkSize);
        throughput.megabytes += megabytes;
        return elements;
    }

    /** Raw Aalto building a minimal mutable tree: the ceiling plus the unavoidable cost of a tree. */
    @Benchmark
    public int aaltoTree(Throughput throughput, Blackhole sink) throws XMLStreamException {
        int elements = ChunkedParsing.aaltoTree(stream, chunkSize, sink);
        throughput.megabytes += megabytes;
        return elements;
    }

    /** Smack 4.4's parser: a blocking pull parser building Smack {@code Stanza} objects with all its providers. */
    @Benchmark
    public int smack(Throughput throughput, Blackhole sink) {
        int elements = SmackParsing.smack(stream, chunkSize, sink);
        throughput.megabytes += megabytes;
        return elements;
    }
}
