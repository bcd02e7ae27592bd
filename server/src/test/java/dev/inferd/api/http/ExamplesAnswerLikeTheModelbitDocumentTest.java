package dev.inferd.api.http;

import dev.inferd.config.ServerConfig;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Optional;

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
