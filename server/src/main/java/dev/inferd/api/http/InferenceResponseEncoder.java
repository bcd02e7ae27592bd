package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.invoke.BatchItemId;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.json.FiniteNumberGenerator;
import dev.inferd.json.JsonNodeWriter;
import dev.inferd.runtime.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Writes answers with Jackson's streaming generator: {@code {"data": value}} for a single call,
 * and for a batch {@code {"data": [[id, result]...]}} plus, when items failed, {@code errors} and
 * {@code error}, exactly as PROTOCOL §1 shows.
 *
 * <p>The items of a big batch are written in segments on several threads at once, then joined:
 * writing them is mostly waiting for memory, which the cores can do side by side. The bytes are
 * the same as when written in one go.
 */
final class InferenceResponseEncoder {
    /** Below this many items a batch is written on the calling thread alone. */
    static final int SEGMENTED_FROM = 16_384;
    private static final int MIN_SEGMENT_ITEMS = 8_192;
    private static final byte[] DATA_START = "{\"data\":[".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final Executor segmentWriters;
    private final int maxSegments;

    /**
     * @param segmentWriters runs the segments of a big batch's answer, beside the calling thread
     * @param maxSegments    how many segments a big batch's answer is written in at most
     */
    InferenceResponseEncoder(ObjectMapper json, Executor segmentWriters, int maxSegments) {
        this.json = json;
        this.segmentWriters = segmentWriters;
        this.maxSegments = maxSegments;
    }

    byte[] encode(InvocationResult result) {
        if (result instanceof InvocationResult.BatchResult batch && batch.ids().size() >= SEGMENTED_FROM && maxSegments > 1) {
            return encodeInSegments(batch);
        }
        // Sized for a batch of short items up front, so that writing it does not copy it as it grows.
        int expectedBytes = result instanceof InvocationResult.BatchResult batch ? 32 + 16 * batch.ids().size() : 64;
        return written(expectedBytes, generator -> {
            generator.writeStartObject();
            if (result instanceof InvocationResult.SingleResult single) {
                generator.writeFieldName("data");
                JsonNodeWriter.write(single.value(), generator);
            } else {
                InvocationResult.BatchResult batch = (InvocationResult.BatchResult) result;
                generator.writeArrayFieldStart("data");
                int failures = writeItems(generator, batch, 0, batch.ids().size());
                generator.writeEndArray();
                writeErrors(generator, batch, failures);
            }
            generator.writeEndObject();
        }).exact();
    }

    /** What a piece of an answer writes with the generator. */
    @FunctionalInterface
    private interface Writing {
        void writeWith(JsonGenerator generator) throws IOException;
    }

    /** The bytes {@code writing} writes with a generator of its own. */
    private GrowingBytes written(int expectedBytes, Writing writing) {
        GrowingBytes bytes = new GrowingBytes(expectedBytes);
        // A segment leaves its array open; closing the generator must not close it.
        try (JsonGenerator generator = new FiniteNumberGenerator(json.getFactory().createGenerator(bytes)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT))) {
            writing.writeWith(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer", e);
        }
        return bytes;
    }

    /** {@code {"data":[} segment {@code ,} segment ... {@code ]}, then the errors, if any, and {@code }}. */
    private byte[] encodeInSegments(InvocationResult.BatchResult batch) {
        int items = batch.ids().size();
        int segmentCount = Math.max(2, Math.min(maxSegments, items / MIN_SEGMENT_ITEMS));
        int perSegment = (items + segmentCount - 1) / segmentCount;
        List<SegmentTask> others = new ArrayList<>();
        for (int from = perSegment; from < items; from += perSegment) {
            int start = from;
            int end = Math.min(items, from + perSegment);
            others.add(writeBeside(() -> segment(batch, start, end)));
        }
        List<Segment> segments = new ArrayList<>(segmentCount);
        segments.add(segment(batch, 0, Math.min(items, perSegment)));
        for (SegmentTask other : others) {
            segments.add(other.join());
        }
        int failures = segments.stream().mapToInt(Segment::failures).sum();
        // The errors are written as an object of their own, {"errors":...,"error":...}, whose
        // opening brace becomes the comma after the data; without errors the answer ends in "}".
        byte[] errors = failures == 0 ? null : errorsObject(batch, failures);
        int length = DATA_START.length + segments.size() - 1 + 1 + (errors == null ? 1 : errors.length);
        for (Segment segment : segments) {
            length += segment.length();
        }
        // Sized exactly, so each segment is copied once, into its place.
        byte[] answer = new byte[length];
        System.arraycopy(DATA_START, 0, answer, 0, DATA_START.length);
        int at = DATA_START.length;
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                answer[at++] = ',';
            }
            Segment segment = segments.get(i);
            System.arraycopy(segment.bytes(), segment.from(), answer, at, segment.length());
            at += segment.length();
        }
        answer[at++] = ']';
        if (errors == null) {
            answer[at] = '}';
        } else {
            answer[at++] = ',';
            System.arraycopy(errors, 1, answer, at, errors.length - 1);
        }
        return answer;
    }

    /**
     * The items from {@code from} to {@code to} as they appear inside the data array: {@code length}
     * bytes of {@code bytes} from {@code from}, without brackets.
     */
    private record Segment(byte[] bytes, int from, int length, int failures) {
    }

    private Segment segment(InvocationResult.BatchResult batch, int from, int to) {
        int[] failures = {0};
        // Written inside an array, so the generator puts the commas between items; the opening
        // bracket is then left out.
        GrowingBytes written = written(16 * (to - from) + 16, generator -> {
            generator.writeStartArray();
            failures[0] = writeItems(generator, batch, from, to);
        });
        // Everything after the opening bracket; the closing one was never written.
        return new Segment(written.array(), 1, written.length() - 1, failures[0]);
    }

    /**
     * A segment offered to another thread. Whichever comes first writes it: a free thread, or the
     * calling thread when it needs the segment. So a segment queued behind busy threads, even behind
     * the calling thread's own task, never holds the answer up.
     */
    private static final class SegmentTask implements Runnable {
        private final Supplier<Segment> writing;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Segment> written = new CompletableFuture<>();

        SegmentTask(Supplier<Segment> writing) {
            this.writing = writing;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    written.complete(writing.get());
                } catch (RuntimeException | Error e) {
                    written.completeExceptionally(e);
                }
            }
        }

        Segment join() {
            run();
            try {
                return written.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
    }

    private SegmentTask writeBeside(Supplier<Segment> writing) {
        SegmentTask task = new SegmentTask(writing);
        try {
            segmentWriters.execute(task);
        } catch (RejectedExecutionException busy) {
            // Every thread and queue slot is taken: the calling thread writes it when it gets there.
        }
        return task;
    }

    private byte[] errorsObject(InvocationResult.BatchResult batch, int failures) {
        return written(256, generator -> {
            generator.writeStartObject();
            writeErrors(generator, batch, failures);
            generator.writeEndObject();
        }).exact();
    }

    /** Writes items {@code [from, to)} as {@code [id, result]}; returns how many failed. */
    private static int writeItems(JsonGenerator generator, InvocationResult.BatchResult batch, int from, int to)
            throws IOException {
        List<BatchItemId> ids = batch.ids();
        List<Outcome> outcomes = batch.outcomes();
        int failures = 0;
        for (int i = from; i < to; i++) {
            generator.writeStartArray();
            BatchItemId id = ids.get(i);
            if (id.isPlainInteger()) {
                generator.writeNumber(id.smallInteger());
            } else {
                JsonNodeWriter.write(id.original(), generator);
            }
            if (outcomes.get(i) instanceof Outcome.Success success) {
                JsonNodeWriter.write(success.value(), generator);
            } else {
                generator.writeNull();
                failures++;
            }
            generator.writeEndArray();
        }
        return failures;
    }

    /** The {@code errors} and {@code error} fields, when items failed. */
    private static void writeErrors(JsonGenerator generator, InvocationResult.BatchResult batch, int failures)
            throws IOException {
        if (failures == 0) {
            return;
        }
        List<BatchItemId> ids = batch.ids();
        List<Outcome> outcomes = batch.outcomes();
        Outcome.Failure first = null;
        BatchItemId firstId = null;
        generator.writeArrayFieldStart("errors");
        for (int i = 0; i < ids.size(); i++) {
            if (outcomes.get(i) instanceof Outcome.Failure failure) {
                if (first == null) {
                    first = failure;
                    firstId = ids.get(i);
                }
                generator.writeStartArray();
                JsonNodeWriter.write(ids.get(i).original(), generator);
                generator.writeString(failure.message());
                generator.writeEndArray();
            }
        }
        generator.writeEndArray();
        generator.writeStringField("error", failures + " of " + ids.size() + " items failed; first: item "
                + firstId.display() + ": " + first.summary());
    }
}
