package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.invoke.BatchItemId;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.json.JsonLimits;
import dev.inferd.json.JsonMappers;
import dev.inferd.runtime.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches whose IDs and results are all whole numbers are written as digits without Jackson's
 * generator; the bytes must be those Jackson writes for the same answer, in one segment or many,
 * and an item of another kind anywhere must still be written right.
 */
class WholeNumberAnswersAreTheBytesJacksonWritesTest {
    private static final ObjectMapper JSON = JsonMappers.forRequests(JsonLimits.DEFAULTS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long[] EDGES = {0, 1, -1, 9, 10, -10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};

    @Test
    void aSmallBatchOfIntAndLongResultsIsJacksonsAnswer() {
        assertWrittenAsJacksonWrites(batch(EDGES.length * EDGES.length, this::edgeResult));
    }

    @Test
    void aBatchBigEnoughForSegmentsIsJacksonsAnswer() {
        assertWrittenAsJacksonWrites(batch(3 * InferenceResponseEncoder.SEGMENTED_FROM + 5, this::edgeResult));
    }

    @Test
    void oneResultThatIsNotAWholeNumberLeavesTheRestRight() {
        int items = 2 * InferenceResponseEncoder.SEGMENTED_FROM + 1;
        assertWrittenAsJacksonWrites(batch(items, i -> i == items - 7 ? NODES.textNode("seven") : edgeResult(i)));
    }

    private JsonNode edgeResult(int i) {
        long value = EDGES[i % EDGES.length];
        return i % 2 == 0 && value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    /** IDs of every edge value, in ID order as a plan would give them, paired with results made by {@code result}. */
    private static InvocationResult.BatchResult batch(int items, IntFunction<JsonNode> result) {
        List<Long> idValues = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            idValues.add(i < EDGES.length ? EDGES[i] : 1_000_000L * i);
        }
        idValues.sort(null);
        List<BatchItemId> ids = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            long id = idValues.get(i);
            ids.add(BatchItemId.of(id == (int) id ? NODES.numberNode((int) id) : NODES.numberNode(id)));
            outcomes.add(new Outcome.Success(result.apply(i)));
        }
        return new InvocationResult.BatchResult(ids, outcomes);
    }

    private static void assertWrittenAsJacksonWrites(InvocationResult.BatchResult batch) {
        ArrayNode data = NODES.arrayNode();
        for (int i = 0; i < batch.ids().size(); i++) {
            data.addArray().add(batch.ids().get(i).original()).add(((Outcome.Success) batch.outcomes().get(i)).value());
        }
        ObjectNode answer = NODES.objectNode().set("data", data);
        String jacksons = answer.toString();

        for (int segments : new int[] {1, 4}) {
            byte[] written = new InferenceResponseEncoder(JSON, Runnable::run, segments).encode(batch);
            assertThat(new String(written, StandardCharsets.UTF_8)).as("in at most %d segment(s)", segments).isEqualTo(jacksons);
        }
    }
}
