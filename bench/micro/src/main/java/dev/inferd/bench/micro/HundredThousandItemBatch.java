package dev.inferd.bench.micro;

import dev.inferd.invoke.CallPlan;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.InvocationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * bench/run.sh's one 100,000-item batch ({@code [[id, id % 1000], ...]}, IDs shuffled so that the
 * answer must be sorted), in the pieces the server's time for it splits into, and whole.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class HundredThousandItemBatch {
    static final int ITEMS = 100_000;

    /**
     * Whether the other Java examples ran first, as they do in a server started with the examples:
     * their calls (other argument and result types, maps, per-item errors) reach the same JIT-compiled
     * code as the doubler's and change how it is compiled.
     */
    @Param({"false", "true"})
    public boolean otherExamplesFirst;

    private DoublerPipeline pipeline;
    private byte[] body;
    private InferenceRequest decoded;
    private CallPlan planned;
    private InvocationResult answered;

    @Setup
    public void setUp() {
        pipeline = new DoublerPipeline();
        if (otherExamplesFirst) {
            try {
                OtherCalls.run(pipeline);
            } catch (RuntimeException e) {
                pipeline.closeQuietly(e);
                throw e;
            }
        }
        body = batchBody(ITEMS);
        decoded = pipeline.decode(body);
        planned = pipeline.plan(decoded);
        answered = pipeline.run(planned);
    }

    @TearDown
    public void tearDown() throws IOException {
        pipeline.close();
    }

    /** JSON to IDs and argument lists, read item by item. */
    @Benchmark
    public InferenceRequest decode() {
        return pipeline.decode(body);
    }

    /** Arity check, duplicate check and the sort by ID. */
    @Benchmark
    public CallPlan plan() {
        return pipeline.plan(decoded);
    }

    /** The doubling function over every item, in chunks on the invocation threads. */
    @Benchmark
    public InvocationResult run() {
        return pipeline.run(planned);
    }

    /** The answer's JSON, in segments written side by side. */
    @Benchmark
    public byte[] encode() {
        return pipeline.encode(answered);
    }

    @Benchmark
    public byte[] whole() {
        return pipeline.answer(body);
    }

    static byte[] batchBody(int items) {
        List<Integer> ids = new ArrayList<>(items);
        for (int id = 0; id < items; id++) {
            ids.add(id);
        }
        Collections.shuffle(ids, new Random(7));
        StringBuilder json = new StringBuilder(items * 16).append("{\"data\": [");
        for (int i = 0; i < items; i++) {
            int id = ids.get(i);
            json.append(i == 0 ? "" : ", ").append('[').append(id).append(", ").append(id % 1000).append(']');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
