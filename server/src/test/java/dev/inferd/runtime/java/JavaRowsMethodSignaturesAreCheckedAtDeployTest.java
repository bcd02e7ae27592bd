package dev.inferd.runtime.java;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code batch: rows} the main method must take one list or array of rows and return a list
 * or an array; any other signature is refused at deploy, with a message that says so and shows it.
 */
class JavaRowsMethodSignaturesAreCheckedAtDeployTest {
    private static final String WANTED = "to take one parameter, a List or an array of rows, and return a List or an array";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aMethodOfOneItemsArgumentsIsRefused() {
        HttpAnswer answer = deployRows("rows_per_item", "public static long score(long a, long b) { return a + b; }");

        assertRefused(answer, "rows_per_item");
        assertThat(answer.errorMessage()).isEqualTo("batch: rows needs Scorer#score " + WANTED + "; it is long score(long, long)");
    }

    @Test
    void aMethodThatReturnsOneValueIsRefused() {
        HttpAnswer answer = deployRows("rows_one_result", "public static long score(long[][] rows) { return rows.length; }");

        assertRefused(answer, "rows_one_result");
        assertThat(answer.errorMessage()).isEqualTo("batch: rows needs Scorer#score " + WANTED + "; it is long score(long[][])");
    }

    @Test
    void aParameterThatIsNeitherAListNorAnArrayIsRefused() {
        HttpAnswer answer = deployRows("rows_set",
                "public static List<Long> score(Set<Long> rows) { return new ArrayList<>(rows); }");

        assertRefused(answer, "rows_set");
        assertThat(answer.errorMessage()).endsWith("; it is java.util.List<java.lang.Long> score(java.util.Set<java.lang.Long>)");
    }

    @Test
    void overloadsAreRefusedNamingEach() {
        HttpAnswer answer = deployRows("rows_overloads",
                "public static long[] score(long[] rows) { return rows; }\n"
                        + "public static long[] score(long[] rows, long offset) { return rows; }");

        assertRefused(answer, "rows_overloads");
        assertThat(answer.errorMessage()).isEqualTo("batch: rows needs one public method Scorer#score " + WANTED
                + "; there are 2: long[] score(long[]), long[] score(long[], long)");
    }

    @Test
    void anInstanceMethodWithAWrongSignatureDoesNotRunTheConstructor() {
        HttpAnswer answer = deployRows("rows_constructor",
                "public Scorer() { throw new IllegalStateException(\"the constructor ran\"); }\n"
                        + "public long score(long x) { return x; }");

        assertRefused(answer, "rows_constructor");
        assertThat(answer.errorMessage()).startsWith("batch: rows needs Scorer#score").doesNotContain("the constructor ran");
    }

    @Test
    void severalColumnsForRowsThatAreEachOneArgumentAreRefused() {
        String source = "import java.util.*;\npublic class Scorer {\n"
                + "public record Point(long x, long y) { }\n"
                + "public static long[] score(List<Point> rows) { return new long[rows.size()]; }\n}\n";

        HttpAnswer answer = server.deployJava("rows_point_columns", "Scorer#score", Map.of("Scorer.java", source),
                Map.of("batch", "rows", "columns", List.of("x", "y")));

        assertRefused(answer, "rows_point_columns");
        assertThat(answer.errorMessage()).isEqualTo("columns: names 2 arguments, but a row of Point is an item's one "
                + "argument; name one column or none, or take rows of arrays or lists");
    }

    private static HttpAnswer deployRows(String name, String classBody) {
        String source = "import java.util.*;\npublic class Scorer {\n" + classBody + "\n}\n";
        return server.deployJava(name, "Scorer#score", Map.of("Scorer.java", source), Map.of("batch", "rows"));
    }

    private static void assertRefused(HttpAnswer answer, String name) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        NotDeployed.assertNotDeployed(server, name);
    }
}
