package dev.inferd.api.http;

import dev.inferd.config.ServerConfig;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ExamplesAnswerLikeTheModelbitDocumentTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(ServerConfig::examplesDirectory, Optional.of(Path.of("..", "examples"))));

    @Test
    void javaDoublerDoublesABatchAndAnswersSortedById() {
        var answer = server.post("/v1/java_doubler/latest", "{\"data\": [[1, 10], [2, 11], [3, 12]]}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":[[1,20],[2,22],[3,24]]}");
    }

    @Test
    void javaDoublerDoublesASingleCall() {
        assertThat(server.call("java_doubler", "10").body()).isEqualTo("{\"data\":20}");
    }

    @Test
    void javaAdderSpreadsAnArrayOverItsThreeParameters() {
        assertThat(server.call("java_adder", "[3, 4, 5]").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void javaAdderAddsEachItemOfABatchAndAnswersSortedById() {
        assertThat(server.call("java_adder", "[[2, 1, 2, 3], [1, 3, 4, 5]]").body()).isEqualTo("{\"data\":[[1,12],[2,6]]}");
    }

    @Test
    void javaBatchAdderAnswersASingleCallAsJavaAdderDoes() {
        assertThat(server.call("java_batch_adder", "[1, 2, 3]").body()).isEqualTo("{\"data\":6}")
                .isEqualTo(server.call("java_adder", "[1, 2, 3]").body());
    }

    @Test
    void javaBatchAdderAnswersABatchOfShuffledIdsSortedAsJavaAdderDoes() {
        // 2,500 items: more than one call of the batch adder takes, in an order that is not the IDs'.
        String batch = IntStream.range(0, 2500).map(i -> (i * 1237) % 2500)
                .mapToObj(id -> "[" + id + ", " + id + ", " + 2 * id + ", -7]")
                .collect(Collectors.joining(",", "[", "]"));

        var answer = server.call("java_batch_adder", batch);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("data").get(0).toString()).isEqualTo("[0,-7]");
        assertThat(answer.json().path("data").get(2499).toString()).isEqualTo("[2499,7490]");
        assertThat(answer.body()).isEqualTo(server.call("java_adder", batch).body());
    }

    @Test
    void javaDictDoublerDoublesTheDictionarysValue() {
        assertThat(server.call("java_dict_doubler", "{\"value\": 10}").body()).isEqualTo("{\"data\":20}");
    }

    @Test
    void javaDictDoublerDoublesEachDictionarysValueOfABatchAndAnswersSortedById() {
        assertThat(server.call("java_dict_doubler", "[[2, {\"value\": 11}], [1, {\"value\": 10}]]").body())
                .isEqualTo("{\"data\":[[1,20],[2,22]]}");
    }

    @Test
    void javaDictDoublerKeepsEveryDigitOfADecimal() {
        assertThat(server.call("java_dict_doubler", "{\"value\": 2.50}").body()).isEqualTo("{\"data\":5.00}");
    }

    @Test
    void javaDictDoublerDoublesAWholeNumberTooLargeForALongExactly() {
        assertThat(server.call("java_dict_doubler", "{\"value\": 123456789012345678901234567890}").body())
                .isEqualTo("{\"data\":246913578024691357802469135780}");
    }

    @Test
    void javaDictDoublerFailsADictionaryWithoutAValueNamingTheMissingKey() {
        var answer = server.call("java_dict_doubler", "{\"amount\": 20}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(answer.errorMessage()).endsWith("\njava.util.NoSuchElementException: the dictionary has no key 'value'");
    }

    @Test
    void javaDictDoublerFailsANullValueSayingItIsNull() {
        var answer = server.call("java_dict_doubler", "{\"value\": null}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorMessage())
                .endsWith("\njava.lang.IllegalArgumentException: the dictionary's 'value' is null, not a number");
    }

    @Test
    void theJsonOfACurlFormPostIsReadAsJson() {
        var answer = server.post("/v1/java_doubler", "application/x-www-form-urlencoded",
                "{\"data\": [[1, 10], [2, 11]]}".getBytes());

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,20],[2,22]]}");
    }
}
