package dev.inferd.runtime.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PrometheusText;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/onnx-runtime.md: an ONNX model is served as a function of its inputs' rows. Each call is a
 * row of every input, a chunk of calls one run of the model, and each row of the outputs an answer;
 * a row that does not fit fails alone, naming the input and the shapes.
 */
class OnnxModelsAnswerOverHttpTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployTheTestModels() {
        for (String model : List.of("linear", "doubler", "counter", "image_sum", "mixed", "root", "one_row", "extra_row")) {
            OnnxBundles.deployed(server, model);
        }
    }

    private static List<String> errorsOf(HttpAnswer answer) {
        List<String> errors = new ArrayList<>();
        answer.json().path("errors").forEach(error -> errors.add(error.get(0).asText() + ": " + error.get(1).asText()));
        return errors;
    }

    @Test
    void anInputOfRowsOfThreeValuesTakesThreeArgumentsInASingleCall() {
        assertThat(server.call("linear", "[1, 2, 3]").body()).isEqualTo("{\"data\":[4.5,4.5]}");
    }

    @Test
    void anInputOfRowsOfThreeValuesTakesThreeArgumentsOrOneListInABatchAnsweredById() {
        assertThat(server.call("linear", "[[2, [0, 0, 0]], [1, 1, 2, 3]]").body())
                .isEqualTo("{\"data\":[[1,[4.5,4.5]],[2,[0.5,-0.5]]]}");
    }

    @Test
    void anInputOfOneValuePerRowTakesTheValueAndAnswersOneValue() {
        assertThat(server.call("doubler", "2.5").body()).isEqualTo("{\"data\":5.0}");
        assertThat(server.call("counter", "[[1, 5], [2, [7]]]").body()).isEqualTo("{\"data\":[[1,6],[2,8]]}");
    }

    @Test
    void rowsOfHigherRankAreNestedLists() {
        assertThat(server.call("image_sum", "[[1, [[1, 2], [3, 4]]]]").body()).isEqualTo("{\"data\":[[1,10.0]]}");
    }

    @Test
    void severalInputsTakeOneArgumentEachOrOneObjectAndSeveralOutputsAnswerAnObject() {
        assertThat(server.call("mixed", "[[1, [1, 2], true, \"a\"], [2, {\"label\": \"b\", \"a\": [3, 4], \"flag\": false}]]").body())
                .isEqualTo("{\"data\":[[1,{\"a_twice\":[2,4],\"not_flag\":false,\"label_again\":\"a\"}],"
                        + "[2,{\"a_twice\":[6,8],\"not_flag\":true,\"label_again\":\"b\"}]]}");
    }

    @Test
    void aRowThatDoesNotFitFailsAloneNamingTheInputTheShapeItTakesAndTheOneItGot() {
        HttpAnswer answer = server.call("image_sum", "[[1, [[1, 2], [3, 4]]], [2, [[1, 2]]], [3, [[1, 2], [3, \"x\"]]]]");

        assertThat(answer.json().get("data").toString()).isEqualTo("[[1,10.0],[2,null],[3,null]]");
        assertThat(errorsOf(answer)).containsExactly(
                "2: input image takes rows of float [2, 2]; got a value of shape [1, 2]",
                "3: input image takes rows of float [2, 2]; got \"x\", which is not a number");
    }

    @Test
    void aNumberThatDoesNotFitTheInputsTypeFailsItsItem() {
        HttpAnswer answer = server.call("mixed", "[[1, [1, 2], true, \"a\"], [2, [4294967296, 1], true, \"b\"], [3, [1.5, 1], true, \"c\"]]");

        assertThat(errorsOf(answer)).containsExactly(
                "2: input a takes rows of int32 [2]; got 4294967296, which is not a whole number that fits an int32",
                "3: input a takes rows of int32 [2]; got 1.5, which is not a whole number that fits an int32");
        assertThat(answer.json().get("data").get(0).get(1).get("a_twice").toString()).isEqualTo("[2,4]");
    }

    @Test
    void anObjectMustNameEveryInputAndNoOther() {
        HttpAnswer answer = server.call("mixed", "[[1, {\"a\": [1, 2], \"flag\": true, \"colour\": \"red\"}]]");

        assertThat(errorsOf(answer)).containsExactly("1: the model's inputs are a, flag, label; missing: label; unknown: colour");
    }

    @Test
    void aSingleCallThatDoesNotFitIsABadRequest() {
        HttpAnswer answer = server.call("linear", "[1, 2]");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("input features takes rows of float [3]; got a value of shape [2]");
    }

    @Test
    void aModelExportedForOneRowARunAnswersABatchARowAtATime() {
        assertThat(server.call("one_row", "[[1, 1, 2], [2, 3, 4], [3, [5, 6]]]").body())
                .isEqualTo("{\"data\":[[1,[2.0,4.0]],[2,[6.0,8.0]],[3,[10.0,12.0]]]}");
        PrometheusText metrics = PrometheusText.scrape(server);
        assertThat(metrics.sum("inferd_batching_run_rows_max", Map.of("deployment", "one_row"))).isEqualTo(1);
    }

    @Test
    void aModelThatAnswersMoreRowsThanItWasGivenFailsEveryRowRatherThanHandCallersOthersAnswers() {
        HttpAnswer single = server.call("extra_row", "5");
        HttpAnswer batch = server.call("extra_row", "[[\"a\", 1], [\"b\", 2], [\"c\", 3]]");

        assertThat(single.status()).isEqualTo(500);
        assertThat(single.errorCode()).isEqualTo("function_error");
        assertThat(single.errorMessage()).isEqualTo(
                "the model answered 2 rows of output y for 1 row; inferd serves models that answer one output row per input row");
        assertThat(batch.json().get("data").toString()).isEqualTo("[[\"a\",null],[\"b\",null],[\"c\",null]]");
        assertThat(errorsOf(batch)).containsExactly(
                "a: the model answered 4 rows of output y for 3 rows; inferd serves models that answer one output row per input row",
                "b: the model answered 4 rows of output y for 3 rows; inferd serves models that answer one output row per input row",
                "c: the model answered 4 rows of output y for 3 rows; inferd serves models that answer one output row per input row");
    }

    @Test
    void aRowOfListsOfDifferentLengthsIsNamedAsSuch() {
        HttpAnswer answer = server.call("image_sum", "[[1, [[1, 2], [3]]]]");

        assertThat(errorsOf(answer)).containsExactly(
                "1: input image takes rows of float [2, 2]; got a list whose items are not all of one shape");
    }

    @Test
    void notANumberAnswersNull() {
        assertThat(server.call("root", "[[1, 4], [2, -1]]").body()).isEqualTo("{\"data\":[[1,2.0],[2,null]]}");
    }

    @Test
    void aBigBatchIsAnsweredInFullAndInIdOrder() {
        String items = IntStream.range(0, 2500).map(id -> 2499 - id).mapToObj(id -> "[" + id + ", " + id + ", 0, 0]")
                .collect(Collectors.joining(", ", "[", "]"));

        JsonNode data = server.call("linear", items).json().get("data");

        assertThat(data).hasSize(2500);
        for (int id = 0; id < 2500; id += 499) {
            assertThat(data.get(id).toString()).isEqualTo("[" + id + ",[" + (id + 0.5) + ",-0.5]]");
        }
    }

    @Test
    void aVersionsDescriptionListsTheModelsInputsAndOutputs() {
        JsonNode version = server.get("/api/deployments/mixed/versions/1").json();

        assertThat(version.get("inputs").toString()).isEqualTo("[{\"name\":\"a\",\"type\":\"int32\",\"shape\":[-1,2]},"
                + "{\"name\":\"flag\",\"type\":\"bool\",\"shape\":[-1]},{\"name\":\"label\",\"type\":\"string\",\"shape\":[-1]}]");
        assertThat(version.get("outputs").toString()).isEqualTo("[{\"name\":\"a_twice\",\"type\":\"int32\",\"shape\":[-1,2]},"
                + "{\"name\":\"not_flag\",\"type\":\"bool\",\"shape\":[-1]},{\"name\":\"label_again\",\"type\":\"string\",\"shape\":[-1]}]");
    }

    @Test
    void aFunctionsVersionDescriptionHasNoInputsOrOutputs() {
        server.deployAdder("adder_described", 1);

        JsonNode version = server.get("/api/deployments/adder_described/versions/1").json();

        assertThat(version.has("inputs")).isFalse();
        assertThat(version.has("outputs")).isFalse();
        assertThat(version.get("main").asText()).isEqualTo("Adder#add");
    }

    @Test
    void aFileThatIsNotAModelFailsTheDeployWithOnnxRuntimesMessage() {
        HttpAnswer answer = OnnxBundles.deploy(server, "not_a_model", "runtime: onnx\nmodel: model.onnx\n",
                Map.of("model.onnx", "these are not the bytes of a model".getBytes(StandardCharsets.UTF_8)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).startsWith("ONNX Runtime cannot load model.onnx: ")
                .doesNotContain(server.dataDirectory().toString());
    }

    @Test
    void anInputWithAFixedBatchDimensionAboveOneFailsTheDeployNamingTheInputAndItsShape() {
        HttpAnswer answer = OnnxBundles.deploy(server, "fixed_batch", "runtime: onnx\nmodel: fixed_batch.onnx\n",
                Map.of("fixed_batch.onnx", OnnxBundles.testModel("fixed_batch")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("the model's input x has shape [8, 4]: a fixed batch dimension of 8;"
                + " export it with a dynamic first dimension (or 1), such as [N, 4]");
    }

    @Test
    void anInputWhoseRowsHaveADynamicDimensionFailsTheDeployNamingTheInputAndItsShape() {
        HttpAnswer answer = OnnxBundles.deploy(server, "open_rows", "runtime: onnx\nmodel: open_rows.onnx\n",
                Map.of("open_rows.onnx", OnnxBundles.testModel("open_rows")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("the model's input x has shape [N, M]: rows of shape [M], which is not fixed;"
                + " inferd serves inputs whose rows have a fixed shape (only the first dimension may be dynamic)");
    }

    @Test
    void aMissingModelFileFailsTheDeploy() {
        HttpAnswer answer = OnnxBundles.deploy(server, "no_model", "runtime: onnx\nmodel: model.onnx\n",
                Map.of("README.txt", "no model here".getBytes(StandardCharsets.UTF_8)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("the bundle has no model.onnx (the manifest's model:)");
    }
}
