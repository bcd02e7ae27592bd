package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1, batch errors: a function that throws on some items answers 200 with those items
 * null, listed in {@code errors} in ID order and summed up in {@code error}; a single call that
 * throws is a 500 whose last line is the exception.
 */
class FailedItemsDoNotFailTheRestOfTheBatchTest {
    private static final String NEGATIVE_INPUT = "java.lang.IllegalArgumentException: negative input: ";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployAScorerThatRefusesNegativeInput() {
        server.deployJavaClass("scorer", "Scorer", "score", """
                public static long score(long x) {
                    if (x < 0) {
                        throw new IllegalArgumentException("negative input: " + x);
                    }
                    return 10 * x;
                }
                """);
    }

    @Test
    void failedItemsAreNullAndTheOthersSucceed() {
        HttpAnswer answer = server.call("scorer", "[[3, 3], [1, -1], [\"a\", -5], [2, 2]]");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("data").toString()).isEqualTo("[[1,null],[2,20],[3,30],[\"a\",null]]");
    }

    @Test
    void errorsListTheFailedItemsInIdOrderWithTheExceptionAsTheLastLine() {
        JsonNode errors = server.call("scorer", "[[\"b\", -2], [5, -5], [\"a\", -1], [1, 1], [-3, -3]]").json().get("errors");

        assertThat(errors).hasSize(4);
        assertThat(errors.get(0).get(0).asInt()).isEqualTo(-3);
        assertThat(errors.get(1).get(0).asInt()).isEqualTo(5);
        assertThat(errors.get(2).get(0).asText()).isEqualTo("a");
        assertThat(errors.get(3).get(0).asText()).isEqualTo("b");
        assertThat(lastLine(errors.get(0).get(1).asText())).isEqualTo(NEGATIVE_INPUT + "-3");
        assertThat(lastLine(errors.get(3).get(1).asText())).isEqualTo(NEGATIVE_INPUT + "-2");
    }

    @Test
    void theErrorSummarySaysHowManyFailedAndNamesTheFirst() {
        JsonNode body = server.call("scorer", "[[3, 3], [2, -2], [\"x\", -7], [1, 1]]").json();

        assertThat(body.get("error").asText()).isEqualTo("2 of 4 items failed; first: item 2: " + NEGATIVE_INPUT + "-2");
    }

    @Test
    void theErrorSummaryNamesAStringIdAsJson() {
        JsonNode body = server.call("scorer", "[[\"only\", -4]]").json();

        assertThat(body.get("error").asText()).isEqualTo("1 of 1 items failed; first: item \"only\": " + NEGATIVE_INPUT + "-4");
        assertThat(body.get("data").toString()).isEqualTo("[[\"only\",null]]");
    }

    @Test
    void errorsEchoIdsExactlyAsSent() {
        HttpAnswer answer = server.call("scorer", "[[2.50, -1], [\"2.5\", -1]]");

        assertThat(answer.body()).contains("\"errors\":[[2.50,").contains("[\"2.5\",");
    }

    @Test
    void aBatchWhereEveryItemSucceedsHasNeitherErrorsNorError() {
        JsonNode body = server.call("scorer", "[[1, 1], [2, 2]]").json();

        assertThat(body.has("errors")).isFalse();
        assertThat(body.has("error")).isFalse();
    }

    @Test
    void anItemWhoseArgumentCannotBeBoundFailsAloneInABatch() {
        HttpAnswer answer = server.call("scorer", "[[1, 1], [2, \"two\"]]");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("data").toString()).isEqualTo("[[1,10],[2,null]]");
        assertThat(answer.json().get("error").asText()).startsWith("1 of 2 items failed; first: item 2: ");
    }

    @Test
    void aSingleCallWhoseFunctionThrowsIsAFunctionError() {
        HttpAnswer answer = server.call("scorer", "-9");

        String message = assertError(answer, 500, "function_error");
        assertThat(lastLine(message)).isEqualTo(NEGATIVE_INPUT + "-9");
    }

    @Test
    void theTraceOfAFunctionErrorComesBeforeItsSummary() {
        String message = assertError(server.call("scorer", "-1"), 500, "function_error");

        assertThat(message).contains("at Scorer.score(");
        assertThat(message.indexOf("at Scorer.score(")).isLessThan(message.indexOf(NEGATIVE_INPUT));
    }

    @Test
    void aFailedSingleCallDoesNotBreakTheNext() {
        assertError(server.call("scorer", "-1"), 500, "function_error");

        assertThat(server.call("scorer", "4").body()).isEqualTo("{\"data\":40}");
    }

    private static String lastLine(String message) {
        String[] lines = message.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
