package dev.inferd.api.http;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, point 8 (docs/protocol.md, "How the server tells a batch from a single call"): a list
 * of lists of which at least one item fits the main function is a batch, and an item whose argument
 * count the function does not accept fails on its own, in the batch answer's {@code errors}.
 */
class BatchItemsThatDoNotFitFailOnTheirOwnTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("java_adder", "Adder", "add", "public static long add(long a, long b, long c) { return a + b + c; }");
        server.deployJavaClass("java_doubler", "Doubler", "twice", "public static long twice(long x) { return 2 * x; }");
        // One list parameter; the answer shows which list it was given.
        server.deployJavaClass("shape", "Shape", "describe",
                "public static String describe(List<Object> values) { return \"list \" + values; }");
    }

    /** Deploys the example of that name from {@code examples/}, unchanged, unless it is deployed already. */
    private static void deployPythonExample(String name) {
        PythonFunctions.assumePython();
        if (server.get("/api/deployments/" + name).status() == 200) {
            return;
        }
        try {
            PythonFunctions.deploy(server, name, name, Files.readString(Path.of("..", "examples", name, "source.py")), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that the example, given {@code data} of items 1 and 2, answers 200 with item 1's result
     * {@code first} and item 2 failed with {@code message}.
     */
    private static void assertItemTwoFails(String example, String data, int first, String message) {
        deployPythonExample(example);

        HttpAnswer answer = server.post("/v1/" + example, "{\"data\": " + data + "}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":[[1," + first + "],[2,null]],\"errors\":[[2,\"" + message + "\"]],"
                + "\"error\":\"1 of 2 items failed; first: item 2: " + message + "\"}");
    }

    @Test
    void theDoublerDoublesTheItemThatFitsAndFailsTheItemWithoutAnArgument() {
        assertItemTwoFails("example_doubler", "[[1, 10], [2]]", 20, "item 2 has 0 arguments; example_doubler takes 1");
    }

    @Test
    void theAdderAddsTheItemThatFitsAndNamesItemTwoWithItsTwoArguments() {
        assertItemTwoFails("example_adder", "[[1,3,4,5],[2,5,6]]", 12, "item 2 has 2 arguments; example_adder takes 3");
    }

    @Test
    void aPythonFunctionWithAnOptionalParameterFailsOnlyItemsOutsideItsRange() {
        PythonFunctions.assumePython();
        PythonFunctions.deploy(server, "optional_parameter", "f", "def f(a, b=2):\n    return [a, b]\n", Map.of());

        HttpAnswer answer = server.call("optional_parameter", "[[1, 5], [2, 5, 6, 7], [3, 5, 6]]");

        assertThat(answer.json().get("data").toString()).isEqualTo("[[1,[5,2]],[2,null],[3,[5,6]]]");
        assertThat(answer.json().get("errors").toString()).isEqualTo("[[2,\"item 2 has 3 arguments; f takes 1 to 2\"]]");
    }

    @Test
    void aJavaFunctionFailsEachItemThatDoesNotFitByItsIdInIdOrder() {
        HttpAnswer answer = server.call("java_adder", "[[\"b\", 4, 5], [2, 1, 2, 3], [\"a\", 1, 2, 3, 4], [1, 3, 4, 5]]");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":[[1,12],[2,6],[\"a\",null],[\"b\",null]],"
                + "\"errors\":[[\"a\",\"item \\\"a\\\" has 4 arguments; Adder#add takes 3\"],"
                + "[\"b\",\"item \\\"b\\\" has 2 arguments; Adder#add takes 3\"]],"
                + "\"error\":\"2 of 4 items failed; first: item \\\"a\\\": item \\\"a\\\" has 4 arguments; Adder#add takes 3\"}");
    }

    @Test
    void batchTrueAnswersTheSameAsTheDetectedBatch() {
        String data = "[[1, 3, 4, 5], [2, 5, 6]]";

        HttpAnswer forced = server.post("/v1/java_adder", "{\"data\": " + data + ", \"batch\": true}");

        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.body()).isEqualTo(server.call("java_adder", data).body());
    }

    @Test
    void batchFalseStillMakesTheWholeListOneArgument() {
        deployPythonExample("example_doubler");

        HttpAnswer answer = server.post("/v1/example_doubler", "{\"data\": [[1, 10], [2]], \"batch\": false}");

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,10],[2],[1,10],[2]]}");
    }

    @Test
    void aListOfListsNoneOfWhichFitsIsStillOneCall() {
        assertThat(server.call("shape", "[[1, 2, 3]]").body()).isEqualTo("{\"data\":\"list [[1, 2, 3]]\"}");
    }

    @Test
    void anItemWhoseFirstElementIsNoIdBesideOneThatFitsIsABadRequest() {
        String message = assertError(server.call("java_doubler", "[[1, 10], [[2], 3]]"), 400, "bad_request");

        assertThat(message).isEqualTo("batch item IDs must be strings or numbers; got array [2]");
    }

    @Test
    void anEmptyItemBesideOneThatFitsIsABadRequestNamingItsPosition() {
        String message = assertError(server.call("java_doubler", "[[1, 10], []]"), 400, "bad_request");

        assertThat(message).isEqualTo("batch item 1 must be an array [ID, args...]; got []");
    }

    @Test
    void theIdOfAnItemThatDoesNotFitStillCountsForDuplicates() {
        String message = assertError(server.call("java_doubler", "[[1, 10], [1]]"), 400, "bad_request");

        assertThat(message).isEqualTo("batch item IDs must be unique; ID 1 appears more than once");
    }
}
