package dev.inferd.bench.micro;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The floor under bench/onnx.sh's 1,000-row digits batch: the same 1,000 rows through ONNX Runtime
 * in this process, with no HTTP and no JSON. bench/onnx.sh divides its end-to-end time by this one.
 *
 * <p>The session is opened as inferd opens it (runtime/onnx/OnnxRuntime): the shared environment,
 * default session options but for intra-op threads, half the machine's cores (at least 1). inferd
 * runs a batch of up to 1,000 rows as one run, so one run of all 1,000 rows is what is timed.
 *
 * <p>Timed, per operation: copying the rows from a {@code double[][]} (as parsed) into one flat array,
 * making the input tensor of it ([1000, 64], double: the model computes in double), the run, and
 * reading both outputs into Java arrays ({@code long[]} labels, {@code double[][]} probabilities),
 * which inferd must also do before it writes them. Not timed: reading JSON, planning and sorting
 * the batch, writing the answer, HTTP, and inferd's per-run {@code RunOptions} (for cancelling).
 *
 * <p>The rows are {@code server/src/test/resources/onnx/digits_held_out.json}'s 360 held-out digits,
 * cycled to 1,000 (the system property {@code inferd.digits} names another copy of that file);
 * the model is {@code examples/digits_classifier/digits.onnx} (under {@code inferd.examples}). Run
 * from the repository's root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class OnnxDigitsInProcess {
    static final int ROWS = 1_000;
    private static final int PIXELS = 64;

    private OrtEnvironment environment;
    private OrtSession session;
    private double[][] rows;

    @Setup
    public void setUp() throws IOException, OrtException {
        Path heldOut = Path.of(System.getProperty("inferd.digits", "server/src/test/resources/onnx/digits_held_out.json"));
        JsonNode digits = new ObjectMapper().readTree(heldOut.toFile());
        JsonNode pixels = digits.get("pixels");
        rows = new double[ROWS][PIXELS];
        for (int i = 0; i < ROWS; i++) {
            JsonNode row = pixels.get(i % pixels.size());
            for (int j = 0; j < PIXELS; j++) {
                rows[i][j] = row.get(j).doubleValue();
            }
        }
        Path model = Path.of(System.getProperty("inferd.examples", "examples")).resolve("digits_classifier/digits.onnx");
        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // As OnnxRuntime's default: other runs of the same server use the other half.
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
            session = environment.createSession(model.toString(), options);
        }
        // A floor is worth something only if the run computes the right thing: the labels must be
        // scikit-learn's, as the server's test checks for inferd's answers.
        long[] labels = run(null);
        JsonNode expected = digits.get("sklearn_labels");
        for (int i = 0; i < ROWS; i++) {
            if (labels[i] != expected.get(i % expected.size()).longValue()) {
                throw new IllegalStateException("row " + i + ": label " + labels[i] + ", scikit-learn's "
                        + expected.get(i % expected.size()));
            }
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        session.close();
    }

    @Benchmark
    public void thousandRows(Blackhole blackhole) throws OrtException {
        run(blackhole);
    }

    /** One run of the 1,000 rows; the labels, with both outputs given to {@code blackhole} when there is one. */
    private long[] run(Blackhole blackhole) throws OrtException {
        double[] flat = new double[ROWS * PIXELS];
        for (int i = 0; i < ROWS; i++) {
            System.arraycopy(rows[i], 0, flat, i * PIXELS, PIXELS);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(environment, DoubleBuffer.wrap(flat), new long[] {ROWS, PIXELS});
             OrtSession.Result result = session.run(Map.of("pixels", input))) {
            long[] labels = (long[]) result.get("label").orElseThrow().getValue();
            double[][] probabilities = (double[][]) result.get("probabilities").orElseThrow().getValue();
            if (blackhole != null) {
                blackhole.consume(labels);
                blackhole.consume(probabilities);
            }
            return labels;
        }
    }
}
