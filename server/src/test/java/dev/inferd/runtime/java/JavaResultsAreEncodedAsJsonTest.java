package dev.inferd.runtime.java;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Return values become JSON as PROTOCOL §1 "Values" says; a value that cannot be encoded is the
 * error of its own item, naming the type, never a failure of the whole request.
 */
class JavaResultsAreEncodedAsJsonTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aRecordBecomesAJsonObjectOfItsComponents() {
        HttpAnswer deployed = server.deployJava("result_record", "Scorer#score", Map.of(
                "Score.java", "import java.util.List;\n"
                        + "public record Score(String label, double probability, List<Integer> ranks) { }\n",
                "Scorer.java", "public class Scorer {\n"
                        + "  public static Score score(int x) { return new Score(\"cat\", 0.75, java.util.List.of(x, x + 1)); }\n"
                        + "}\n"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        assertThat(server.call("result_record", "1").body())
                .isEqualTo("{\"data\":{\"label\":\"cat\",\"probability\":0.75,\"ranks\":[1,2]}}");
    }

    @Test
    void aMapAndAListKeepTheirShape() {
        server.deployJavaClass("result_collections", "Shapes", "apply",
                "public static Map<String, Object> apply(int x) {\n"
                        + "  Map<String, Object> out = new LinkedHashMap<>();\n"
                        + "  out.put(\"x\", x); out.put(\"list\", List.of(1, 2)); out.put(\"nothing\", null);\n"
                        + "  return out;\n"
                        + "}");

        assertThat(server.call("result_collections", "3").body())
                .isEqualTo("{\"data\":{\"x\":3,\"list\":[1,2],\"nothing\":null}}");
    }

    @Test
    void aLongKeepsItsFullPrecision() {
        server.deployJavaClass("result_long", "Big", "apply",
                "public static long apply(int x) { return Long.MAX_VALUE - x; }");

        assertThat(server.call("result_long", "0").body()).isEqualTo("{\"data\":9223372036854775807}");
    }

    @Test
    void notANumberAndInfinitiesBecomeNull() {
        server.deployJavaClass("result_nan", "Ratio", "apply",
                "public static double apply(double x) { return x == 0 ? Double.NaN : x > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY; }");

        var answer = server.call("result_nan", "[[1, 0], [2, 1], [3, -1]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":[[1,null],[2,null],[3,null]]}");
        assertThat(server.call("result_nan", "0").body()).isEqualTo("{\"data\":null}");
    }

    @Test
    void notANumberInsideAListOrARecordBecomesNull() {
        HttpAnswer deployed = server.deployJava("result_nan_nested", "Nested#apply", Map.of(
                "Pair.java", "public record Pair(double left, Float right) { }\n",
                "Nested.java", "import java.util.*;\n"
                        + "public class Nested {\n"
                        + "  public static Map<String, Object> apply(int x) {\n"
                        + "    Map<String, Object> out = new LinkedHashMap<>();\n"
                        + "    out.put(\"list\", Arrays.asList(1.5, Double.NaN, Double.NEGATIVE_INFINITY));\n"
                        + "    out.put(\"pair\", new Pair(Double.POSITIVE_INFINITY, Float.NaN));\n"
                        + "    out.put(\"array\", new double[] {Double.NaN, 2.0});\n"
                        + "    return out;\n"
                        + "  }\n"
                        + "}\n"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        assertThat(server.call("result_nan_nested", "1").body())
                .isEqualTo("{\"data\":{\"list\":[1.5,null,null],\"pair\":{\"left\":null,\"right\":null},\"array\":[null,2.0]}}");
    }

    @Test
    void aVoidMethodAnswersNull() {
        server.deployJavaClass("result_void", "Sink", "accept", "public static void accept(int x) { }");

        assertThat(server.call("result_void", "1").body()).isEqualTo("{\"data\":null}");
        assertThat(server.call("result_void", "[[1, 1], [2, 2]]").body()).isEqualTo("{\"data\":[[1,null],[2,null]]}");
    }

    @Test
    void anObjectWithNoPropertiesIsThatItemsErrorNamingItsType() {
        server.deployJavaClass("result_opaque", "Opaque", "apply",
                "public static class Handle { private final int secret; Handle(int s) { secret = s; } }\n"
                        + "public static Object apply(int x) { return x > 0 ? new Handle(x) : (Object) x; }");

        HttpAnswer batch = server.call("result_opaque", "[[1, -1], [2, 5], [3, -3]]");

        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().path("data").toString()).isEqualTo("[[1,-1],[2,null],[3,-3]]");
        assertThat(batch.json().path("errors").get(0).get(1).asText()).contains("Opaque$Handle");
        assertThat(batch.json().path("error").asText()).startsWith("1 of 3 items failed; first: item 2: ");
    }

    @Test
    void aSingleCallWhoseResultCannotBeEncodedIsAnErrorNamingTheType() {
        server.deployJavaClass("result_opaque_single", "Sealed", "apply",
                "public static class Token { }\n"
                        + "public static Token apply(int x) { return new Token(); }");

        HttpAnswer answer = server.call("result_opaque_single", "1");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(answer.errorMessage()).contains("Sealed$Token");
    }

    @Test
    void anObjectThatRefersToItselfIsThatItemsErrorNamingItsType() {
        server.deployJavaClass("result_self_reference", "Loop", "apply",
                "public static class Node { public int value; public Node next; }\n"
                        + "public static Object apply(int x) {\n"
                        + "  Node node = new Node(); node.value = x; node.next = node;\n"
                        + "  return x > 0 ? node : (Object) x;\n"
                        + "}");

        HttpAnswer batch = server.call("result_self_reference", "[[1, 0], [2, 1]]");

        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().path("data").toString()).isEqualTo("[[1,0],[2,null]]");
        assertThat(batch.json().path("errors").get(0).get(1).asText()).contains("Loop$Node");
    }

    @Test
    void aCycleThroughSeveralObjectsIsThatItemsErrorNamingItsType() {
        server.deployJavaClass("result_cycle", "Ring", "apply",
                "public static class Link { public int value; public List<Link> others = new ArrayList<>(); }\n"
                        + "public static Object apply(int x) {\n"
                        + "  Link a = new Link(); Link b = new Link(); a.others.add(b); b.others.add(a);\n"
                        + "  return x > 0 ? a : (Object) x;\n"
                        + "}");

        HttpAnswer batch = server.call("result_cycle", "[[1, 0], [2, 1], [3, 0]]");

        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().path("data").toString()).isEqualTo("[[1,0],[2,null],[3,0]]");
        assertThat(batch.json().path("errors").get(0).get(1).asText()).contains("Ring$Link");
        assertThat(server.call("result_cycle", "7").status()).isEqualTo(500);
        assertThat(server.call("result_cycle", "0").body()).isEqualTo("{\"data\":0}");
    }

    @Test
    void aGetterThatThrowsIsThatItemsErrorNamingTheType() {
        server.deployJavaClass("result_throwing_getter", "Lazy", "apply",
                "public static class Weights { public double getValue() { throw new IllegalStateException(\"not loaded\"); } }\n"
                        + "public static Object apply(int x) { return x > 0 ? new Weights() : (Object) x; }");

        HttpAnswer batch = server.call("result_throwing_getter", "[[1, 1], [2, 0]]");

        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().path("data").toString()).isEqualTo("[[1,null],[2,0]]");
        assertThat(batch.json().path("errors").get(0).get(1).asText()).contains("Lazy$Weights");
    }

    @Test
    void datesAndTimesBecomeIsoStrings() {
        server.deployJavaClass("result_dates", "Calendar", "apply",
                "public static Map<String, Object> apply(String day) {\n"
                        + "  Map<String, Object> out = new LinkedHashMap<>();\n"
                        + "  out.put(\"date\", java.time.LocalDate.parse(day));\n"
                        + "  out.put(\"instant\", java.time.Instant.parse(day + \"T10:15:30Z\"));\n"
                        + "  return out;\n"
                        + "}");

        HttpAnswer answer = server.call("result_dates", "\"2024-02-29\"");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":{\"date\":\"2024-02-29\",\"instant\":\"2024-02-29T10:15:30Z\"}}");
    }
}
