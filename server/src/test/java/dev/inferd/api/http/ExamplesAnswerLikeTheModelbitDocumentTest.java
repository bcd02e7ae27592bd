package dev.inferd.api.http;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExamplesAnswerLikeTheModelbitDocumentTest {
    @TempDir
    static Path dataDirectory;
    static TestServer server;

    @BeforeAll
    static void startWithExamples() {
        server = TestServer.start(dataDirectory, settings -> settings.examplesDirectory(Path.of("..", "examples")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

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
    void javaDictDoublerDoublesEveryValue() {
        assertThat(server.call("java_dict_doubler", "{\"value\": 10}").body()).isEqualTo("{\"data\":{\"value\":20}}");
    }

    @Test
    void javaDictDoublerDoublesEachDictionaryOfABatchAndAnswersSortedById() {
        assertThat(server.call("java_dict_doubler", "[[2, {\"value\": 11}], [1, {\"value\": 10}]]").body())
                .isEqualTo("{\"data\":[[1,{\"value\":20}],[2,{\"value\":22}]]}");
    }

    @Test
    void theJsonOfACurlFormPostIsReadAsJson() {
        var answer = server.post("/v1/java_doubler", "application/x-www-form-urlencoded",
                "{\"data\": [[1, 10], [2, 11]]}".getBytes());

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,20],[2,22]]}");
    }
}
