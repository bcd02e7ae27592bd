package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results are matched to rows by position, so a method that returns more or fewer results than it
 * was given rows, or null, gives no row a value: each fails with an error naming both lengths. A
 * result that cannot be written as JSON fails only its own row.
 */
class AJavaRowsMethodReturnsOneResultPerRowTest {
    private static final Map<String, Object> ROWS = Map.of("batch", "rows");
    private static final String ONE_PER_ROW = "; a batch: rows method returns one result per row, in order";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("rows_short", "Short", "drop",
                "public static long[] drop(long[] values) { return Arrays.copyOf(values, values.length - 1); }", ROWS);
        server.deployJavaClass("rows_null", "Nothing", "none",
                "public static List<Long> none(List<Long> values) { return null; }", ROWS);
        server.deployJavaClass("rows_opaque", "Opaque", "wrap",
                "public static class Thing { }\n"
                        + "public static Object[] wrap(long[] values) {\n"
                        + "  return Arrays.stream(values).mapToObj(v -> v < 0 ? new Thing() : (Object) v).toArray();\n"
                        + "}", ROWS);
    }

    @Test
    void aSingleCallAnsweredWithTheWrongNumberOfResultsIsAFunctionErrorNamingBothLengths() {
        HttpAnswer answer = server.call("rows_short", "5");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(answer.errorMessage()).isEqualTo("Short#drop returned 0 results for 1 row" + ONE_PER_ROW);
    }

    @Test
    void inABatchEveryRowOfACallAnsweredWithTheWrongNumberOfResultsFails() {
        HttpAnswer answer = server.call("rows_short", "[[1, 1], [2, 2], [3, 3], [4, 4]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.path("data").toString()).isEqualTo("[[1,null],[2,null],[3,null],[4,null]]");
        assertThat(json.path("errors")).hasSize(4);
        json.path("errors").forEach(error ->
                assertThat(error.get(1).asText()).isEqualTo("Short#drop returned 3 results for 4 rows" + ONE_PER_ROW));
    }

    @Test
    void aNullResultIsTheSameError() {
        HttpAnswer answer = server.call("rows_null", "[[1, 1], [2, 2]]");

        assertThat(answer.json().path("errors").get(1).get(1).asText()).isEqualTo("Nothing#none returned null for 2 rows" + ONE_PER_ROW);
    }

    @Test
    void aResultThatCannotBeWrittenAsJsonFailsOnlyItsRow() {
        HttpAnswer answer = server.call("rows_opaque", "[[1, 1], [2, -2], [3, 3]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.path("data").toString()).isEqualTo("[[1,1],[2,null],[3,3]]");
        assertThat(json.path("errors")).hasSize(1);
        assertThat(json.path("errors").get(0).get(1).asText()).startsWith("the result of type Opaque$Thing cannot be encoded as JSON");
    }
}
