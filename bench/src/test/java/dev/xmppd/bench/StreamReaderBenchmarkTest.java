package dev.xmppd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The harness works: every parser reads the whole recorded stream, and JMH can run each benchmark. */
class StreamReaderBenchmarkTest {

    private static final RecordedStream RECORDED = RecordedStream.standard();
    private static final Blackhole SINK = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @ParameterizedTest
    @ValueSource(ints = {4096, 1021, 65536})
    void streamReaderAndRawAaltoSeeTheSameTopLevelElements(int chunkSize) throws XMLStreamException {
        byte[] stream = RECORDED.bytes();

        assertThat(ChunkedParsing.streamReader(stream, chunkSize, SINK)).isEqualTo(RecordedStream.STANZAS);
        assertThat(ChunkedParsing.aaltoEvents(stream, chunkSize)).isEqualTo(RecordedStream.STANZAS);
        assertThat(ChunkedParsing.aaltoEventsOnByteBuffer(stream, chunkSize)).isEqualTo(RecordedStream.STANZAS);
        assertThat(ChunkedParsing.aaltoTree(stream, chunkSize, SINK)).isEqualTo(RecordedStream.STANZAS);
    }

    @Test
    void aStreamCutBeforeItsCloseIsAnErrorForEveryParser() {
        byte[] stream = RECORDED.bytes();
        byte[] cut = Arrays.copyOf(stream, stream.length / 2);

        assertThatThrownBy(() -> ChunkedParsing.streamReader(cut, 4096, SINK))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("</stream:stream>");
        assertThatThrownBy(() -> ChunkedParsing.aaltoEvents(cut, 4096))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("</stream:stream>");
        assertThatThrownBy(() -> ChunkedParsing.aaltoEventsOnByteBuffer(cut, 4096))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("</stream:stream>");
        assertThatThrownBy(() -> ChunkedParsing.aaltoTree(cut, 4096, SINK))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("</stream:stream>");
    }

    @Test
    void aMalformedStanzaMakesStreamReaderFail() {
        byte[] stream = RECORDED.bytes().clone();
        int middle = new String(stream, 0, stream.length / 2, StandardCharsets.ISO_8859_1)
                .lastIndexOf("<message");
        stream[middle + 1] = '!';

        assertThatThrownBy(() -> ChunkedParsing.streamReader(stream, 4096, SINK))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("StreamReader failed at element");
    }

    @Test
    void benchmarkMethodsRunOnceAndCountTheMegabytesRead() throws XMLStreamException {
        StreamReaderBenchmark benchmark = new StreamReaderBenchmark();
        benchmark.chunkSize = 4096;
        benchmark.record();
        StreamReaderBenchmark.Throughput throughput = new StreamReaderBenchmark.Throughput();

        assertThat(benchmark.streamReader(throughput, SINK)).isEqualTo(10_000);
        assertThat(benchmark.aaltoEvents(throughput)).isEqualTo(10_000);
        assertThat(benchmark.aaltoEventsOnByteBuffer(throughput)).isEqualTo(10_000);
        assertThat(benchmark.aaltoTree(throughput, SINK)).isEqualTo(10_000);
        assertThat(benchmark.smack(throughput, SINK)).isEqualTo(10_000);
        assertThat(throughput.megabytes).isEqualTo(5 * RECORDED.megabytes());
        throughput.reset();
        assertThat(throughput.megabytes).isZero();
    }

    @Test
    void jmhRunsEveryBenchmarkAndReportsMegabytesPerSecond() throws RunnerException {
        // One short in-process iteration each: enough to prove the generated harness, the state and the
        // aux counter work. JMH reports aux counters in throughput mode only, hence not single-shot.
        Options options = new OptionsBuilder()
                .include(StreamReaderBenchmark.class.getName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).extracting(result -> result.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrder("streamReader", "aaltoEvents", "aaltoEventsOnByteBuffer", "aaltoTree", "smack");
        for (RunResult result : results) {
            assertThat(result.getPrimaryResult().getSampleCount()).isEqualTo(1);
            Result<?> megabytes = result.getSecondaryResults().get("megabytes");
            assertThat(megabytes).as(result.getParams().getBenchmark()).isNotNull();
            assertThat(megabytes.getScore()).isPositive();
        }
    }
}
