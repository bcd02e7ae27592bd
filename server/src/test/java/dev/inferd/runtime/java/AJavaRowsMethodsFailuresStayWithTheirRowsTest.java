package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.error.MessageLines;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch contract holds for a method that takes whole chunks: when it throws, the rows to blame
 * are found by calling it again on halves, so the others still get their values and each bad row
 * gets the error it raised alone; a row that cannot be bound fails before the call and is left out
 * of it.
 */
class AJavaRowsMethodsFailuresStayWithTheirRowsTest {
    private static final Map<String, Object> ROWS = Map.of("batch", "rows");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("rows_picky", "Picky", "check",
                "public static long[] check(long[] values) {\n"
                        + "  long[] doubled = new long[values.length];\n"
                        + "  for (int i = 0; i < values.length; i++) {\n"
                        + "    if (values[i] < 0) { throw new IllegalArgumentException(\"negative value \" + values[i]); }\n"
                        + "    doubled[i] = 2 * values[i];\n"
                        + "  }\n"
                        + "  return doubled;\n"
                        + "}", ROWS);
        server.deployJavaClass("rows_counted", "Counted", "count",
                "public static int[] count(List<long[]> rows) {\n"
                        + "  int[] counts = new int[rows.size()];\n"
                        + "  Arrays.fill(counts, rows.size());\n"
                        + "  return counts;\n"
                        + "}", Map.of("batch", "rows", "columns", List.of("a", "b")));
    }

    @Test
    void theRowsThatMakeTheMethodThrowFailEachWithItsOwnErrorAndTheOthersGetTheirValues() {
        String items = IntStream.rangeClosed(1, 20).mapToObj(id -> "[" + id + ", " + (id == 7 || id == 13 ? -id : id) + "]")
                .collect(Collectors.joining(", ", "[", "]"));

        JsonNode answer = okAnswer(server.call("rows_picky", items));

        JsonNode data = answer.path("data");
        for (int id = 1; id <= 20; id++) {
            JsonNode value = data.get(id - 1).get(1);
            if (id == 7 || id == 13) {
                assertThat(value.isNull()).as("item %d", id).isTrue();
            } else {
                assertThat(value.asLong()).as("item %d", id).isEqualTo(2L * id);
            }
        }
        JsonNode errors = answer.path("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get(0).asInt()).isEqualTo(7);
        assertThat(MessageLines.last(errors.get(0).get(1).asText())).isEqualTo("java.lang.IllegalArgumentException: negative value -7");
        assertThat(errors.get(0).get(1).asText()).contains("at Picky.check(Picky.java:");
        assertThat(errors.get(1).get(0).asInt()).isEqualTo(13);
        assertThat(MessageLines.last(errors.get(1).get(1).asText())).isEqualTo("java.lang.IllegalArgumentException: negative value -13");
        assertThat(answer.path("error").asText())
                .isEqualTo("2 of 20 items failed; first: item 7: java.lang.IllegalArgumentException: negative value -7");
    }

    @Test
    void aSingleCallThatThrowsIsAFunctionError() {
        HttpAnswer answer = server.call("rows_picky", "-3");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(MessageLines.last(answer.errorMessage())).isEqualTo("java.lang.IllegalArgumentException: negative value -3");
    }

    @Test
    void aRowThatCannotBeBoundFailsAloneAndTheMethodIsCalledWithTheOthers() {
        JsonNode answer = okAnswer(server.call("rows_counted", "[[1, 1, 2], [2, 3, \"four\"], [3, 5, 6], [4, 7, 8]]"));

        // Each value is the number of rows the method was called with.
        assertThat(answer.path("data").toString()).isEqualTo("[[1,3],[2,null],[3,3],[4,3]]");
        assertThat(answer.path("errors")).hasSize(1);
        assertThat(answer.path("errors").get(0).get(0).asInt()).isEqualTo(2);
        assertThat(answer.path("errors").get(0).get(1).asText()).startsWith("argument 2 cannot be read as long: ");
    }

    @Test
    void whenNoRowCanBeBoundTheMethodIsNotCalledAndEachRowHasItsError() {
        JsonNode answer = okAnswer(server.call("rows_counted", "[[1, \"one\", 2], [2, 3, 4.5]]"));

        assertThat(answer.path("data").toString()).isEqualTo("[[1,null],[2,null]]");
        assertThat(answer.path("errors").get(0).get(1).asText()).startsWith("argument 1 cannot be read as long: ");
        assertThat(answer.path("errors").get(1).get(1).asText()).startsWith("argument 2 cannot be read as long: ");
    }

    @Test
    void aSingleCallWhoseRowCannotBeBoundIsABadRequest() {
        HttpAnswer answer = server.call("rows_picky", "\"ten\"");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).startsWith("argument 1 cannot be read as long: ");
    }

    private static JsonNode okAnswer(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }
}
