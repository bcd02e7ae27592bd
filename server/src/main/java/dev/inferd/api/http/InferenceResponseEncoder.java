package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.inferd.invoke.BatchItemId;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.json.FiniteNumberGenerator;
import dev.inferd.json.JsonNodeWriter;
import dev.inferd.runtime.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the same as when written in one go. Items that are all whole numbers, IDs and results, are
 * written as digits without the generator, in the same bytes it would write.
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
        if (result instanceof InvocationResult.BatchResult batch) {
            return encodeInSegments(batch);
        }
        InvocationResult.SingleResult single = (InvocationResult.SingleResult) result;
        return written(64, generator -> {
            generator.writeStartObject();
            generator.writeFieldName("data");
            JsonNodeWriter.write(single.value(), generator);
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

    /**
     * {@code {"data":[} segment {@code ,} segment ... {@code ]}, then the errors, if any, and {@code }}.
     * Below {@link #SEGMENTED_FROM} items the one segment is written on the calling thread.
     */
    private byte[] encodeInSegments(InvocationResult.BatchResult batch) {
        int items = batch.ids().size();
        int segmentCount = items < SEGMENTED_FROM || maxSegments < 2 ? 1
                : Math.max(2, Math.min(maxSegments, items / MIN_SEGMENT_ITEMS));
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
        Segment plain = wholeNumberSegment(batch, from, to);
        if (plain != null) {
            return plain;
        }
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

    /** The most bytes one {@code [id,result]} of two longs and its comma take: 20 digits and a sign each, 4 more. */
    private static final int MAX_WHOLE_NUMBER_ITEM = 2 * 21 + 4;

    /**
     * Items {@code [from, to)} written straight into bytes, the way the generator writes them, when
     * every one is a whole-number ID sent as such with a successful int or long result; null at the
     * first item that is not, which the generator then writes with the rest. Most big batches are
     * like this, and for them the generator's bookkeeping per token costs more than the digits.
     */
    private static Segment wholeNumberSegment(InvocationResult.BatchResult batch, int from, int to) {
        List<BatchItemId> ids = batch.ids();
        List<Outcome> outcomes = batch.outcomes();
        // Batches of other answers are told by their first item, before a buffer is taken for them.
        if (wholeNumberResult(ids.get(from), outcomes.get(from)) == null) {
            return null;
        }
        byte[] bytes = new byte[16 * (to - from) + MAX_WHOLE_NUMBER_ITEM];
        int at = 0;
        for (int i = from; i < to; i++) {
            BatchItemId id = ids.get(i);
            JsonNode value = wholeNumberResult(id, outcomes.get(i));
            if (value == null) {
                return null;
            }
            Class<?> type = value.getClass();
            if (at + MAX_WHOLE_NUMBER_ITEM > bytes.length) {
                bytes = Arrays.copyOf(bytes, 2 * bytes.length);
            }
            if (i > from) {
                bytes[at++] = ',';
            }
            bytes[at++] = '[';
            at = NumberOutput.outputLong(id.smallInteger(), bytes, at);
            bytes[at++] = ',';
            at = type == IntNode.class ? NumberOutput.outputInt(value.intValue(), bytes, at)
                    : NumberOutput.outputLong(value.longValue(), bytes, at);
            bytes[at++] = ']';
        }
        return new Segment(bytes, 0, at, 0);
    }

    /** The result of an item with a plain whole-number ID and an int or long result; null for any other item. */
    private static JsonNode wholeNumberResult(BatchItemId id, Outcome outcome) {
        if (!id.isPlainInteger() || !(outcome instanceof Outcome.Success success)) {
            return null;
        }
        Class<?> type = success.value().getClass();
        return type == IntNode.class || type == LongNode.class ? success.value() : null;
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
