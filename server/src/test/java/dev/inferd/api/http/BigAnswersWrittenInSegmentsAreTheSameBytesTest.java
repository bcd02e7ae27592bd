package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.inferd.invoke.BatchItemId;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.json.JsonLimits;
import dev.inferd.json.JsonMappers;
import dev.inferd.json.NumbersAsSent;
import dev.inferd.runtime.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch answer big enough to be written in segments on several threads is, byte for byte, the
 * answer written in one go: item order, commas, failed items and the errors after them.
 */
class BigAnswersWrittenInSegmentsAreTheSameBytesTest {
    private static final ObjectMapper JSON = JsonMappers.forRequests(JsonLimits.DEFAULTS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(3);
    private static final int ITEMS = 3 * InferenceResponseEncoder.SEGMENTED_FROM + 17;

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @Test
    void anAnswerWithoutFailuresIsTheSame() {
        assertSameBytes(batch(false));
    }

    @Test
    void anAnswerWithFailedItemsIsTheSameErrorsIncluded() {
        assertSameBytes(batch(true));
    }

    @Test
    void whenNoThreadTakesASegmentTheCallingThreadWritesItAll() {
        InferenceResponseEncoder refusedEverywhere = new InferenceResponseEncoder(JSON, task -> {
            throw new RejectedExecutionException("busy");
        }, 4);
        InvocationResult.BatchResult batch = batch(true);

        assertThat(new String(refusedEverywhere.encode(batch), StandardCharsets.UTF_8))
                .isEqualTo(new String(new InferenceResponseEncoder(JSON, Runnable::run, 1).encode(batch), StandardCharsets.UTF_8));
    }

    private static void assertSameBytes(InvocationResult.BatchResult batch) {
        byte[] inOneGo = new InferenceResponseEncoder(JSON, THREADS, 1).encode(batch);
        byte[] inSegments = new InferenceResponseEncoder(JSON, THREADS, 4).encode(batch);

        assertThat(new String(inSegments, StandardCharsets.UTF_8)).isEqualTo(new String(inOneGo, StandardCharsets.UTF_8));
    }

    /** IDs of every kind the protocol allows (numbers as sent, strings), results of several kinds. */
    private static InvocationResult.BatchResult batch(boolean withFailures) {
        List<BatchItemId> ids = new ArrayList<>(ITEMS);
        List<Outcome> outcomes = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            ids.add(BatchItemId.of(id(i)));
            if (withFailures && i % 997 == 3) {
                outcomes.add(new Outcome.Failure(Outcome.FailureKind.FUNCTION_RAISED, "ValueError: item " + i));
            } else {
                outcomes.add(new Outcome.Success(result(i)));
            }
        }
        return new InvocationResult.BatchResult(ids, outcomes);
    }

    private static JsonNode id(int i) {
        if (i % 5000 == 1) {
            return keptNumber("1e" + (i % 7));
        }
        return i % 3 == 0 ? NODES.textNode("id-" + i) : NODES.numberNode(i);
    }

    private static JsonNode result(int i) {
        return switch (i % 4) {
            case 0 -> NODES.numberNode(2L * i);
            case 1 -> NODES.textNode("é\"" + i);
            case 2 -> NODES.numberNode(Double.NaN);
            default -> NODES.arrayNode().add(i).add(NODES.objectNode().put("k", i));
        };
    }

    private static JsonNode keptNumber(String text) {
        try {
            return NumbersAsSent.readTree(JSON, text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
