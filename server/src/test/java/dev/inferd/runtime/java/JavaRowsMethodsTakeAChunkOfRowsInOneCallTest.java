package dev.inferd.runtime.java;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/java-runtime.md, {@code batch: rows}: the method takes the rows as a list or an array and
 * returns a list or an array; the row's type says what a row is made of: the item's arguments for
 * an array or list row, the item's one argument for any other type. Answers keep the batch contract.
 */
class JavaRowsMethodsTakeAChunkOfRowsInOneCallTest {
    private static final Map<String, Object> ROWS = Map.of("batch", "rows");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("rows_list", "Sums", "sum",
                "public static List<Long> sum(List<List<Long>> rows) {\n"
                        + "  List<Long> sums = new ArrayList<>();\n"
                        + "  for (List<Long> row : rows) { sums.add(row.stream().mapToLong(Long::longValue).sum()); }\n"
                        + "  return sums;\n"
                        + "}", ROWS);
        server.deployJavaClass("rows_array", "Lengths", "length",
                "public static double[] length(double[][] rows) {\n"
                        + "  double[] lengths = new double[rows.length];\n"
                        + "  for (int i = 0; i < rows.length; i++) { lengths[i] = Math.hypot(rows[i][0], rows[i][1]); }\n"
                        + "  return lengths;\n"
                        + "}", Map.of("batch", "rows", "columns", List.of("x", "y")));
        server.deployJavaClass("rows_scalar", "Doubler", "doubleAll",
                "public static long[] doubleAll(long[] values) {\n"
                        + "  long[] doubled = new long[values.length];\n"
                        + "  for (int i = 0; i < values.length; i++) { doubled[i] = 2 * values[i]; }\n"
                        + "  return doubled;\n"
                        + "}", ROWS);
        server.deployJavaClass("rows_record", "Areas", "area",
                "public record Box(long width, long height) { }\n"
                        + "public static List<Long> area(List<Box> boxes) {\n"
                        + "  return boxes.stream().map(box -> box.width() * box.height()).toList();\n"
                        + "}", ROWS);
        server.deployJavaClass("rows_map", "Keys", "keys",
                "public static String[] keys(Collection<Map<String, Object>> rows) {\n"
                        + "  return rows.stream().map(row -> String.join(\",\", new TreeSet<>(row.keySet()))).toArray(String[]::new);\n"
                        + "}", ROWS);
        server.deployJavaClass("rows_iterable", "Shout", "shout",
                "public static List<String> shout(Iterable<String> words) {\n"
                        + "  List<String> shouted = new ArrayList<>();\n"
                        + "  words.forEach(word -> shouted.add(word.toUpperCase(Locale.ROOT) + \"!\"));\n"
                        + "  return shouted;\n"
                        + "}", ROWS);
        server.deployJavaClass("rows_instance", "Offset", "add",
                "private final long offset = 100;\n"
                        + "public long[] add(long[] values) {\n"
                        + "  return Arrays.stream(values).map(value -> value + offset).toArray();\n"
                        + "}", ROWS);
        server.deployJavaClass("rows_thread", "ThreadName", "names",
                "public static String[] names(long[] values) {\n"
                        + "  String[] names = new String[values.length];\n"
                        + "  Arrays.fill(names, Thread.currentThread().getName());\n"
                        + "  return names;\n"
                        + "}", ROWS);
    }

    @Test
    void aListOfListsGetsEachItemsArgumentsAsARow() {
        assertThat(answer("rows_list", "[[1, 1, 2, 3], [2, 10, 20], [3, 7]]")).isEqualTo("{\"data\":[[1,6],[2,30],[3,7]]}");
    }

    @Test
    void aSingleCallIsABatchOfOneRow() {
        assertThat(answer("rows_list", "[1, 2, 3]")).isEqualTo("{\"data\":6}");
    }

    @Test
    void anArrayOfDoubleArraysGetsEachRowAsADoubleArray() {
        assertThat(answer("rows_array", "[[1, 3, 4], [2, 6, 8.0]]")).isEqualTo("{\"data\":[[1,5.0],[2,10.0]]}");
    }

    @Test
    void anItemOfOneDictionaryIsRefusedByAnArrayRowOfTwoColumns() {
        HttpAnswer answer = server.call("rows_array", "[[1, {\"x\": 3, \"y\": 4}], [2, 6, 8]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("data").toString()).isEqualTo("[[1,null],[2,10.0]]");
        assertThat(answer.json().path("errors").get(0).get(1).asText()).isEqualTo("item 1 has 1 argument; Lengths#length takes 2");
    }

    @Test
    void rowsOfScalarsAreEachItemsOneArgumentAndAnswerSortedById() {
        assertThat(answer("rows_scalar", "[[3, 30], [1, 10], [2, -20]]")).isEqualTo("{\"data\":[[1,20],[2,-40],[3,60]]}");
        assertThat(answer("rows_scalar", "21")).isEqualTo("{\"data\":42}");
    }

    @Test
    void dictionaryRowsAreBoundToARecord() {
        assertThat(answer("rows_record", "[[1, {\"width\": 2, \"height\": 3}], [2, {\"width\": 5, \"height\": 5}]]"))
                .isEqualTo("{\"data\":[[1,6],[2,25]]}");
    }

    @Test
    void dictionaryRowsAreBoundToAMapTakenAsACollectionAndAnswerAnArray() {
        assertThat(answer("rows_map", "[[1, {\"b\": 1, \"a\": 2}], [2, {\"c\": null}]]")).isEqualTo("{\"data\":[[1,\"a,b\"],[2,\"c\"]]}");
    }

    @Test
    void theRowsMayBeAnIterable() {
        assertThat(answer("rows_iterable", "[[\"a\", \"hi\"], [\"b\", \"yo\"]]")).isEqualTo("{\"data\":[[\"a\",\"HI!\"],[\"b\",\"YO!\"]]}");
    }

    @Test
    void anInstanceMethodRunsOnTheClassesInstance() {
        assertThat(answer("rows_instance", "[[1, 1], [2, 2]]")).isEqualTo("{\"data\":[[1,101],[2,102]]}");
    }

    @Test
    void theMethodRunsOnAnInvocationThread() {
        HttpAnswer answer = server.call("rows_thread", "[[1, 1], [2, 2]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        answer.json().path("data").forEach(item -> assertThat(item.path(1).asText()).startsWith("inferd-invoke-"));
    }

    private static String answer(String deployment, String data) {
        HttpAnswer answer = server.call(deployment, data);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }
}
