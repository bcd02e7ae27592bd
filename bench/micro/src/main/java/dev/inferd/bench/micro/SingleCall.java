package dev.inferd.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * bench/run.sh's single call, {@code {"data": 10}}, and its 1,000-item batch, body to answer: the
 * part of a request's cost that is inferd's own, next to what HTTP costs around it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SingleCall {
    private DoublerPipeline pipeline;
    private final byte[] single = "{\"data\": 10}".getBytes(StandardCharsets.UTF_8);
    private final byte[] thousandItems = HundredThousandItemBatch.batchBody(1_000);

    @Setup
    public void setUp() {
        pipeline = new DoublerPipeline();
    }

    @TearDown
    public void tearDown() throws IOException {
        pipeline.close();
    }

    @Benchmark
    public byte[] single() {
        return pipeline.answer(single);
    }

    @Benchmark
    public byte[] thousandItemBatch() {
        return pipeline.answer(thousandItems);
    }
}
