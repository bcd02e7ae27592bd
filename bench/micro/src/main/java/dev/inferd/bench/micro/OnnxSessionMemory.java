package dev.inferd.bench.micro;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a model costs in ONNX Runtime alone, in a JVM that does nothing else: the resident memory a
 * session adds once it has run. bench/onnx.sh compares the memory a version of the same model adds
 * to the server with it, which leaves inferd's own overhead per version.
 *
 * <pre>
 *   MALLOC_MMAP_THRESHOLD_=131072 java -Xms512m -Xmx512m -XX:+AlwaysPreTouch \
 *       -cp bench/micro/target/micro.jar dev.inferd.bench.micro.OnnxSessionMemory MODEL.onnx INPUT WIDTH SESSIONS ROWS...
 * </pre>
 *
 * <p>SESSIONS sessions of the model are opened one after the other and kept open, each as inferd
 * opens one (intra-op threads: half the cores), then run once per ROWS, a float input INPUT of
 * [ROWS, WIDTH] zeros, its outputs read and closed. Prints on one line kB of resident memory added
 * by: loading ONNX Runtime's library and environment; the first session and its runs, which also
 * pay what ONNX Runtime sets up once; the median of the further sessions' steps, what one more model
 * costs where ONNX Runtime already serves one, as in a server (the median, since now and then one
 * step reads a few MB off); then each of those SESSIONS - 1 steps.
 *
 * <p>Give it what bench/onnx.sh gives the server whose memory it measures (above): a fixed,
 * pre-touched heap, so that the Java heap is resident before the first reading, and glibc's mmap
 * threshold fixed, so that the large buffers a load frees go back to the system at once instead of
 * being kept or not as glibc's moving threshold decides (without it, one session's step varied from
 * -4 to 12 MB here, for a model of 5 MB of weights; with it, from 1 to 6 MB, mostly 5.8).
 */
public final class OnnxSessionMemory {
    private OnnxSessionMemory() {
    }

    public static void main(String[] arguments) throws IOException, OrtException, InterruptedException {
        Path model = Path.of(arguments[0]);
        String input = arguments[1];
        int width = Integer.parseInt(arguments[2]);
        int sessions = Integer.parseInt(arguments[3]);
        if (sessions < 2) {
            throw new IllegalArgumentException("SESSIONS must be at least 2: the first, and the further ones");
        }
        List<Integer> rows = new ArrayList<>();
        for (int i = 4; i < arguments.length; i++) {
            rows.add(Integer.parseInt(arguments[i]));
        }
        List<OrtSession> open = new ArrayList<>();
        try {
            long before = residentKb();
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            long library = residentKb();
            open.add(loadAndRun(environment, model, input, width, rows));
            long afterFirst = residentKb();
            long[] steps = new long[sessions - 1];
            long previous = afterFirst;
            for (int i = 0; i < steps.length; i++) {
                open.add(loadAndRun(environment, model, input, width, rows));
                long now = residentKb();
                steps[i] = now - previous;
                previous = now;
            }
            StringBuilder line = new StringBuilder().append(library - before).append(' ').append(afterFirst - library)
                    .append(' ').append(median(steps));
            for (long step : steps) {
                line.append(' ').append(step);
            }
            System.out.println(line);
        } finally {
            for (OrtSession session : open) {
                session.close();
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** A session opened as inferd opens one, after a run of each number of rows. */
    private static OrtSession loadAndRun(OrtEnvironment environment, Path model, String input, int width, List<Integer> rows)
            throws OrtException {
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
            session = environment.createSession(model.toString(), options);
        }
        for (int n : rows) {
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(new float[n * width]),
                    new long[] {n, width});
                 OrtSession.Result result = session.run(Map.of(input, tensor))) {
                for (Map.Entry<String, OnnxValue> output : result) {
                    output.getValue().getValue();
                }
            }
        }
        return session;
    }

    /** VmRSS after a collection, so that the garbage of the steps is not counted. */
    private static long residentKb() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(500);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
