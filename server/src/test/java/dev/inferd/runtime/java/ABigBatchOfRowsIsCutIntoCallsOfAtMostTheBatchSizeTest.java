package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code batch_size:} is the most rows one call of a {@code batch: rows} method takes: a bigger
 * batch is cut into that many calls and no more. The method here answers each row with the number
 * of rows it was called with, so the answer tells the calls apart: n rows answered n were one call.
 */
class ABigBatchOfRowsIsCutIntoCallsOfAtMostTheBatchSizeTest {
    private static final String COUNTING_METHOD = "public static int[] count(long[] values) {\n"
            + "  int[] counts = new int[values.length];\n"
            + "  Arrays.fill(counts, values.length);\n"
            + "  return counts;\n"
            + "}";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("rows_thousand", "Counter", "count", COUNTING_METHOD, Map.of("batch", "rows", "batch_size", 1000));
        server.deployJavaClass("rows_default_size", "Counter", "count", COUNTING_METHOD, Map.of("batch", "rows"));
        server.deployJavaClass("rows_ten", "Counter", "count", COUNTING_METHOD, Map.of("batch", "rows", "batch_size", 10));
    }

    @Test
    void twoThousandFiveHundredRowsInCallsOfAtMostAThousandAreThreeCalls() {
        Map<Integer, Integer> itemsByCallSize = itemsByCallSize("rows_thousand", 2500);

        assertThat(itemsByCallSize.keySet()).allMatch(size -> size <= 1000);
        assertThat(calls(itemsByCallSize)).isEqualTo(3);
    }

    @Test
    void withoutBatchSizeACallTakesAtMostAThousandRows() {
        Map<Integer, Integer> itemsByCallSize = itemsByCallSize("rows_default_size", 2500);

        assertThat(itemsByCallSize.keySet()).allMatch(size -> size <= 1000);
        assertThat(calls(itemsByCallSize)).isEqualTo(3);
    }

    @Test
    void aBatchNoBiggerThanTheBatchSizeIsOneCall() {
        assertThat(itemsByCallSize("rows_ten", 10)).containsExactly(Map.entry(10, 10));
    }

    @Test
    void aSmallBatchSizeCutsASmallBatch() {
        Map<Integer, Integer> itemsByCallSize = itemsByCallSize("rows_ten", 95);

        assertThat(itemsByCallSize.keySet()).allMatch(size -> size <= 10);
        assertThat(calls(itemsByCallSize)).isEqualTo(10);
    }

    /** How many items were answered with each call size. */
    private static Map<Integer, Integer> itemsByCallSize(String deployment, int items) {
        String batch = IntStream.range(0, items).mapToObj(id -> "[" + id + ", " + id + "]").collect(Collectors.joining(",", "[", "]"));
        HttpAnswer answer = server.call(deployment, batch);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode data = answer.json().path("data");
        assertThat(data).hasSize(items);
        Map<Integer, Integer> itemsByCallSize = new TreeMap<>();
        data.forEach(item -> itemsByCallSize.merge(item.get(1).asInt(), 1, Integer::sum));
        return itemsByCallSize;
    }

    /** Each call of n rows answered n items with n. */
    private static int calls(Map<Integer, Integer> itemsByCallSize) {
        int calls = 0;
        for (Map.Entry<Integer, Integer> entry : itemsByCallSize.entrySet()) {
            assertThat(entry.getValue() % entry.getKey()).as("items answered %d", entry.getKey()).isZero();
            calls += entry.getValue() / entry.getKey();
        }
        return calls;
    }
}
