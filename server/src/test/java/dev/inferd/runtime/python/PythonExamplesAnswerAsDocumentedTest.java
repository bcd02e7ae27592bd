package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.config.ServerConfig;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Python bundles under {@code examples/}, deployed at start, answer as the README and PROTOCOL §1 say. */
class PythonExamplesAnswerAsDocumentedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(ServerConfig::examplesDirectory, Optional.of(Path.of("..", "examples")))
            .set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    @Test
    void theDoublerDoublesASingleValue() {
        assertThat(server.post("/v1/example_doubler", "{\"data\": 10}").body()).isEqualTo("{\"data\":20}");
    }

    @Test
    void theDoublerDoublesABatch() {
        assertThat(server.post("/v1/example_doubler", "{\"data\": [[1, 10], [2, 11], [3, 12]]}").body())
                .isEqualTo("{\"data\":[[1,20],[2,22],[3,24]]}");
    }

    @Test
    void theDoublerAnswersOnItsLatestVersionNumber() {
        assertThat(server.post("/v1/example_doubler/1", "{\"data\": 10}").body()).isEqualTo("{\"data\":20}");
    }

    @Test
    void theAdderSpreadsAnArrayOverItsThreeParameters() {
        assertThat(server.post("/v1/example_adder", "{\"data\": [3, 4, 5]}").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void theAdderAddsEachItemOfABatchAndAnswersSortedById() {
        assertThat(server.post("/v1/example_adder", "{\"data\": [[2, 1, 2, 3], [1, 3, 4, 5]]}").body())
                .isEqualTo("{\"data\":[[1,12],[2,6]]}");
    }

    @Test
    void theDictDoublerDoublesTheDictionarysValue() {
        assertThat(server.post("/v1/example_dict_doubler", "{\"data\": {\"value\": 10}}").body())
                .isEqualTo("{\"data\":20}");
    }

    @Test
    void theDictDoublerDoublesEachDictionarysValueOfABatchAndAnswersSortedById() {
        assertThat(server.post("/v1/example_dict_doubler",
                "{\"data\": [[2, {\"value\": 11}], [1, {\"value\": 10}]]}").body())
                .isEqualTo("{\"data\":[[1,20],[2,22]]}");
    }

    @Test
    void theDictDoublerFailsADictionaryWithoutAValueWithPythonsKeyError() {
        HttpAnswer answer = server.post("/v1/example_dict_doubler", "{\"data\": {\"amount\": 20}}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(answer.errorMessage()).endsWith("\nKeyError: 'value'");
    }

    @Test
    void theDictValuesDoublerDoublesEveryValueWholeNumbersAndDecimalsAlike() {
        assertThat(server.post("/v1/example_dict_values_doubler", "{\"data\": {\"a\": 1, \"b\": 2.5}}").body())
                .isEqualTo("{\"data\":{\"a\":2,\"b\":5.0}}");
    }

    @Test
    void theDictValuesDoublerDoublesEachDictionaryOfABatchAndAnswersSortedById() {
        assertThat(server.post("/v1/example_dict_values_doubler",
                "{\"data\": [[2, {\"value\": 11}], [1, {\"value\": 10}]]}").body())
                .isEqualTo("{\"data\":[[1,{\"value\":20}],[2,{\"value\":22}]]}");
    }

    @Test
    void theIrisClassifierNamesTheSpeciesOfOneFlower() {
        assumeScikitLearn();

        assertThat(server.post("/v1/iris_classifier", "{\"data\": [5.1, 3.5, 1.4, 0.2]}").body())
                .isEqualTo("{\"data\":\"setosa\"}");
    }

    @Test
    void theIrisClassifierNamesTheSpeciesOfEachFlowerOfABatchAndAnswersSortedById() {
        assumeScikitLearn();

        assertThat(server.post("/v1/iris_classifier",
                "{\"data\": [[2, 6.7, 3.0, 5.2, 2.3], [1, 5.1, 3.5, 1.4, 0.2]]}").body())
                .isEqualTo("{\"data\":[[1,\"setosa\"],[2,\"virginica\"]]}");
    }

    @Test
    void theIrisClassifierCalledPerRowNamesTheSameSpecies() {
        assumeScikitLearn();

        assertThat(server.post("/v1/iris_classifier_per_row",
                "{\"data\": [[2, 6.7, 3.0, 5.2, 2.3], [1, 5.1, 3.5, 1.4, 0.2]]}").body())
                .isEqualTo("{\"data\":[[1,\"setosa\"],[2,\"virginica\"]]}");
    }

    @Test
    void theIrisClassifierTakesAFlowerAsADictOfItsColumns() {
        assumeScikitLearn();

        assertThat(server.post("/v1/iris_classifier", "{\"data\": {\"petal_width\": 0.2, \"petal_length\": 1.4, "
                + "\"sepal_width\": 3.5, \"sepal_length\": 5.1}}").body()).isEqualTo("{\"data\":\"setosa\"}");
    }

    @Test
    void theWholeBatchAndThePerRowIrisClassifiersNameEveryFlowerAlike() {
        assumeScikitLearn();
        Random random = new Random(20);
        String flowers = IntStream.range(0, 600)
                .mapToObj(id -> String.format(Locale.ROOT, "[%d, %.1f, %.1f, %.1f, %.1f]", id, 4.3 + 3.6 * random.nextDouble(),
                        2.0 + 2.4 * random.nextDouble(), 1.0 + 5.9 * random.nextDouble(), 0.1 + 2.4 * random.nextDouble()))
                .collect(Collectors.joining(", ", "{\"data\": [", "]}"));

        String perRow = server.post("/v1/iris_classifier_per_row", flowers).body();

        assertThat(server.post("/v1/iris_classifier", flowers).body()).isEqualTo(perRow);
        assertThat(perRow).contains("setosa", "versicolor", "virginica").doesNotContain("error");
    }

    /**
     * Where the interpreter lacks scikit-learn the server skips this example at start (and /readyz
     * says why), so its calls would answer 404: that is a missing package here, not a fault. CI
     * installs scikit-learn, so there these tests always run.
     */
    private static void assumeScikitLearn() {
        PythonAvailability.assumeModule("sklearn");
    }
}
