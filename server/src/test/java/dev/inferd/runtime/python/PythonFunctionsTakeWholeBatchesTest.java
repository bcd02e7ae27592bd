package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/python-runtime.md, whole batches: a function declared {@code batch: rows} or
 * {@code batch: dataframe} is called once per chunk of a batch, and answers exactly as the same
 * function called per item, item errors included.
 */
class PythonFunctionsTakeWholeBatchesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    private static final String SOURCE = """
            import os
            import time

            import numpy as np
            import pandas as pd

            def per_item(a, b):
                return a + 10 * b

            def rows(rows):
                return [row["a"] + 10 * row["b"] if isinstance(row, dict) else row[0] + 10 * row[1] for row in rows]

            def frame(frame):
                return frame["a"] + 10 * frame["b"]

            def refuses_negatives(frame):
                if (frame["a"] < 0).any():
                    raise ValueError("a must not be negative")
                return (frame["a"] * 2).to_numpy()

            def one_short(frame):
                return list(frame["a"])[1:]

            def columns_seen(frame):
                return [",".join(frame.columns)] * len(frame)

            def rows_seen(rows):
                return [repr(row) for row in rows]

            def chunk_sizes(frame):
                return [len(frame)] * len(frame)

            def worker_pids(frame):
                time.sleep(0.2)
                return [os.getpid()] * len(frame)

            def pairs(frame):
                return np.stack([frame["a"], frame["a"] * 2], axis=1)

            def two_columns(frame):
                return pd.DataFrame({"twice": frame["a"] * 2, "negated": -frame["a"]})

            def sorted_twice(frame):
                return (frame["a"] * 2).sort_values(ascending=False)

            def sleeps_on_99(frame):
                if (frame["a"] == 99).any():
                    time.sleep(30)
                return frame["a"]

            def two_parameters(a, b):
                return a

            def firsts(rows):
                return [row[0] for row in rows]
            """;

    @BeforeAll
    static void deployTheFunctions() {
        String python = PythonAvailability.interpreterWith("pandas");
        deploy("per_item", "per_item", Map.of("python", python));
        deploy("rows", "rows", Map.of("python", python, "batch", "rows", "columns", List.of("a", "b")));
        deploy("frame", "frame", Map.of("python", python, "batch", "dataframe", "columns", List.of("a", "b")));
        deploy("refuses_negatives", "refuses_negatives", Map.of("python", python, "batch", "dataframe", "columns", List.of("a")));
        deploy("one_short", "one_short", Map.of("python", python, "batch", "dataframe", "columns", List.of("a")));
        deploy("columns_seen", "columns_seen", Map.of("python", python, "batch", "dataframe"));
        deploy("declared_columns_seen", "columns_seen", Map.of("python", python, "batch", "dataframe", "columns", List.of("a", "b")));
        deploy("rows_seen", "rows_seen", Map.of("python", python, "batch", "rows"));
        deploy("chunk_sizes", "chunk_sizes", Map.of("python", python, "batch", "dataframe", "batch_size", 1000));
        deploy("worker_pids", "worker_pids", Map.of("python", python, "batch", "dataframe", "batch_size", 10, "workers", 2));
        deploy("pairs", "pairs", Map.of("python", python, "batch", "dataframe", "columns", List.of("a")));
        deploy("two_columns", "two_columns", Map.of("python", python, "batch", "dataframe", "columns", List.of("a")));
        deploy("sorted_twice", "sorted_twice", Map.of("python", python, "batch", "dataframe", "columns", List.of("a")));
        deploy("one_row_per_call", "firsts", Map.of("python", python, "batch", "rows", "batch_size", 1));
        deploy("sleeps_on_99", "sleeps_on_99", Map.of("python", python, "batch", "dataframe", "columns", List.of("a")));
    }

    private static void deploy(String name, String main, Map<String, Object> manifest) {
        HttpAnswer answer = PythonBundles.deploy(server, name, main, SOURCE, manifest);
        assertThat(answer.status()).as("deploy of %s: %s", name, answer).isEqualTo(201);
    }

    /** Items {@code [id, a, b]} with whole-number a and fractional b, in a shuffled order. */
    private static String itemsOfTwoNumbers(int count) {
        List<Integer> ids = IntStream.range(0, count).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(ids, new Random(7));
        return ids.stream().map(id -> "[" + id + ", " + (id * 7 % 13 - 6) + ", " + (id % 5) + ".25]")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<JsonNode> errorsOf(HttpAnswer answer) {
        List<JsonNode> errors = new ArrayList<>();
        answer.json().path("errors").forEach(errors::add);
        return errors;
    }

    @Test
    void rowsAndDataFrameFunctionsAnswerABatchExactlyAsThePerItemFunctionDoes() {
        String items = itemsOfTwoNumbers(300);

        HttpAnswer perItem = server.call("per_item", items);

        assertThat(perItem.status()).as(perItem.toString()).isEqualTo(200);
        assertThat(server.call("rows", items).body()).isEqualTo(perItem.body());
        assertThat(server.call("frame", items).body()).isEqualTo(perItem.body());
    }

    @Test
    void aSingleCallIsABatchOfOneAndAnswersAsThePerItemFunctionDoes() {
        assertThat(server.call("per_item", "[3, 1.5]").body()).isEqualTo("{\"data\":18.0}");
        assertThat(server.call("rows", "[3, 1.5]").body()).isEqualTo("{\"data\":18.0}");
        assertThat(server.call("frame", "[3, 1.5]").body()).isEqualTo("{\"data\":18.0}");
    }

    @Test
    void aDictArgumentIsARowOfItsOwnKeys() {
        HttpAnswer answer = server.call("rows", "[[1, {\"a\": 1, \"b\": 2}], [2, 3, 4]]");

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,21],[2,43]]}");
    }

    @Test
    void aDictArgumentsKeysBecomeTheDataFramesColumns() {
        HttpAnswer answer = server.call("columns_seen", "[[1, {\"height\": 1, \"width\": 2}], [2, {\"height\": 3, \"width\": 4}]]");

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,\"height,width\"],[2,\"height,width\"]]}");
    }

    @Test
    void argumentsAreColumnsArg0Arg1AndSoOnWhenTheManifestNamesNone() {
        assertThat(server.call("columns_seen", "[[1, 5, 6]]").body()).isEqualTo("{\"data\":[[1,\"arg0,arg1\"]]}");
    }

    @Test
    void theManifestsColumnsNameTheArgumentsAndOrderADictsKeys() {
        HttpAnswer answer = server.call("declared_columns_seen", "[[1, 5, 6], [2, {\"b\": 1, \"a\": 2}]]");

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,\"a,b\"],[2,\"a,b\"]]}");
    }

    @Test
    void aDictThatDoesNotHoldTheDeclaredColumnsFailsAloneAndTheOthersAreCalled() {
        HttpAnswer answer = server.call("frame", "[[1, {\"a\": 1}], [2, 3, 4], [3, {\"a\": 1, \"b\": 2, \"c\": 3}]]");

        assertThat(answer.json().get("data").toString()).isEqualTo("[[1,null],[2,43],[3,null]]");
        assertThat(errorsOf(answer)).extracting(JsonNode::toString).containsExactly(
                "[1,\"frame takes the columns a, b; this dict lacks b\"]",
                "[3,\"frame takes the columns a, b; this dict has unknown keys c\"]");
    }

    @Test
    void aSingleCallWhoseDictDoesNotFitIsABadRequest() {
        HttpAnswer answer = server.call("frame", "{\"a\": 1}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("frame takes the columns a, b; this dict lacks b");
    }

    @Test
    void eachRowThatMakesTheFunctionRaiseFailsAloneAndTheOthersGetTheirValues() {
        String items = IntStream.range(0, 50).mapToObj(id -> "[" + id + ", " + (id % 17 == 3 ? -1 : id) + "]")
                .collect(Collectors.joining(", ", "[", "]"));

        HttpAnswer answer = server.call("refuses_negatives", items);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.json().get("data");
        for (int id = 0; id < 50; id++) {
            assertThat(data.get(id).get(1).isNull()).as("item %d", id).isEqualTo(id % 17 == 3);
            if (id % 17 != 3) {
                assertThat(data.get(id).get(1).asInt()).isEqualTo(2 * id);
            }
        }
        assertThat(errorsOf(answer)).extracting(error -> error.get(0).asInt()).containsExactly(3, 20, 37);
        assertThat(errorsOf(answer)).allSatisfy(error ->
                assertThat(error.get(1).asText()).startsWith("Traceback").endsWith("\nValueError: a must not be negative"));
    }

    @Test
    void aSingleCallThatRaisesAnswersTheTraceback() {
        HttpAnswer answer = server.call("refuses_negatives", "-4");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(answer.errorMessage()).endsWith("\nValueError: a must not be negative");
    }

    @Test
    void aResultOfTheWrongLengthFailsEveryRowNamingBothLengths() {
        HttpAnswer answer = server.call("one_short", "[[1, 1], [2, 2], [3, 3]]");

        assertThat(errorsOf(answer)).hasSize(3).allSatisfy(error -> assertThat(error.get(1).asText()).isEqualTo(
                "one_short returned 2 values for 3 rows; a batch: dataframe function returns one value per row, in order"));
    }

    @Test
    void aSingleCallWhoseResultHasTheWrongLengthIsAFunctionError() {
        HttpAnswer answer = server.call("one_short", "1");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorMessage()).isEqualTo(
                "one_short returned 0 values for 1 row; a batch: dataframe function returns one value per row, in order");
    }

    @Test
    void aBigBatchIsCutIntoChunksOfAtMostTheBatchSizeWhoseSizesDifferByOneAtMost() {
        String items = IntStream.range(0, 2500).mapToObj(id -> "[" + id + ", " + id + "]").collect(Collectors.joining(", ", "[", "]"));

        HttpAnswer answer = server.call("chunk_sizes", items);

        Map<Integer, Integer> rowsBySize = new HashMap<>();
        answer.json().get("data").forEach(item -> rowsBySize.merge(item.get(1).asInt(), 1, Integer::sum));
        assertThat(rowsBySize).isEqualTo(Map.of(833, 2 * 833, 834, 834));
    }

    @Test
    void aBatchOfFarMoreChunksThanWorkersIsAnsweredInFullNotRefusedAsOverload() {
        String items = IntStream.range(0, 11_000).mapToObj(id -> "[" + id + ", " + id + "]").collect(Collectors.joining(", ", "[", "]"));

        HttpAnswer answer = server.call("one_row_per_call", items);

        assertThat(answer.status()).as(answer.status() == 200 ? "" : answer.body()).isEqualTo(200);
        assertThat(answer.json().get("data")).hasSize(11_000);
        assertThat(answer.json().get("data").get(10_999).get(1).asInt()).isEqualTo(10_999);
        assertThat(answer.json().has("errors")).isFalse();
    }

    @Test
    void theChunksOfABatchRunOnTheVersionsWorkersSideBySide() {
        String items = IntStream.range(0, 40).mapToObj(id -> "[" + id + ", " + id + "]").collect(Collectors.joining(", ", "[", "]"));

        HttpAnswer answer = server.call("worker_pids", items);

        Set<Long> pids = new HashSet<>();
        answer.json().get("data").forEach(item -> pids.add(item.get(1).asLong()));
        assertThat(pids).hasSize(2);
    }

    @Test
    void aTwoDimensionalArrayGivesEachRowItsOwnList() {
        assertThat(server.call("pairs", "[[1, 1], [2, 5]]").body()).isEqualTo("{\"data\":[[1,[1,2]],[2,[5,10]]]}");
    }

    @Test
    void aDataFrameOfSeveralColumnsGivesEachRowADict() {
        assertThat(server.call("two_columns", "[[1, 1], [2, 5]]").body())
                .isEqualTo("{\"data\":[[1,{\"twice\":2,\"negated\":-1}],[2,{\"twice\":10,\"negated\":-5}]]}");
    }

    @Test
    void aReorderedSeriesIsMatchedToItsRowsByLabelAsPandasWould() {
        assertThat(server.call("sorted_twice", "[[1, 1], [2, 3], [3, 2]]").body()).isEqualTo("{\"data\":[[1,2],[2,6],[3,4]]}");
    }

    @Test
    void rowsAreTheArgumentListsOrTheDictOfADictArgument() {
        assertThat(server.call("rows_seen", "[[1, 5, \"x\"], [2, {\"k\": 1}], [3, [1, 2]]]").body())
                .isEqualTo("{\"data\":[[1,\"[5, 'x']\"],[2,\"{'k': 1}\"],[3,\"[[1, 2]]\"]]}");
    }

    @Test
    void aCallThatOutlivesItsTimeoutIsStoppedAndTheVersionServesOn() {
        HttpAnswer answer = server.post("/v1/sleeps_on_99", "{\"data\": [[1, 1], [2, 99]], \"timeout_seconds\": 1}");

        assertThat(answer.status()).isEqualTo(504);
        assertThat(server.call("sleeps_on_99", "[[1, 5]]").body()).isEqualTo("{\"data\":[[1,5]]}");
    }

    @Test
    void aFunctionThatCannotTakeTheBatchAsOneArgumentFailsTheDeploy() {
        HttpAnswer answer = PythonBundles.deploy(server, "two_parameters", "two_parameters", SOURCE,
                Map.of("python", PythonAvailability.interpreterWith("pandas"), "batch", "dataframe"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).endsWith("TypeError: batch: dataframe calls two_parameters with one argument, "
                + "a pandas DataFrame of the chunk's rows; it takes 2 required positional parameters");
    }
}
