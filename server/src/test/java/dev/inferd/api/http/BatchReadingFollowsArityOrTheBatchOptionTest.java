package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1, "Telling a batch from a single call": detection by arity, the {@code batch} option
 * that forces either reading, the 400s for bad IDs and duplicates, and wrong argument counts.
 */
class BatchReadingFollowsArityOrTheBatchOptionTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        // One list parameter; the answer shows which list it was given.
        server.deployJavaClass("shape", "Shape", "describe",
                "public static String describe(List<Object> values) { return \"list \" + values; }");
        server.deployJavaClass("adder", "Adder", "add", "public static long add(long a, long b) { return a + b; }");
    }

    private static HttpAnswer post(String target, String body) {
        return server.post("/v1/" + target, body);
    }

    @Test
    void pairsSentToAOneListParameterFunctionAreABatchByDefault() {
        JsonNode body = post("shape", "{\"data\": [[1, [2]], [3, [4, 5]]]}").json();

        assertThat(body.get("data").toString()).isEqualTo("[[1,\"list [2]\"],[3,\"list [4, 5]\"]]");
    }

    @Test
    void batchFalseTurnsPairsIntoOneListArgument() {
        HttpAnswer answer = post("shape", "{\"data\": [[1, 2], [3, 4]], \"batch\": false}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":\"list [[1, 2], [3, 4]]\"}");
    }

    @Test
    void withoutTheOptionTheSamePairsAreReadAsABatch() {
        HttpAnswer answer = post("shape", "{\"data\": [[1, 2], [3, 4]]}");

        // Items 1 and 3 get 2 and 4, which are not lists: a batch whose items fail, not one call.
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("data").toString()).isEqualTo("[[1,null],[3,null]]");
        assertThat(answer.json().get("errors")).hasSize(2);
    }

    @Test
    void batchTrueReadsAValidBatchAsABatch() {
        HttpAnswer answer = post("adder", "{\"data\": [[\"b\", 1, 2], [\"a\", 3, 4]], \"batch\": true}");

        assertThat(answer.body()).isEqualTo("{\"data\":[[\"a\",7],[\"b\",3]]}");
    }

    @Test
    void batchTrueRefusesIdsThatAreNotStringsOrNumbers() {
        for (String id : List.of("{\"k\": 1}", "[1]", "true", "null")) {
            HttpAnswer answer = post("shape", "{\"data\": [[" + id + ", [1]]], \"batch\": true}");

            assertThat(assertError(answer, 400, "bad_request")).as(id).contains("IDs must be strings or numbers");
        }
    }

    @Test
    void withoutBatchTrueTheSameDataIsOneListArgument() {
        HttpAnswer answer = post("shape", "{\"data\": [[true, [1]]]}");

        assertThat(answer.body()).isEqualTo("{\"data\":\"list [[true, [1]]]\"}");
    }

    @Test
    void batchTrueRefusesAnItemWithTheWrongArgumentCountOnItsOwn() {
        HttpAnswer answer = post("adder", "{\"data\": [[1, 2, 3], [\"odd\", 4]], \"batch\": true}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("errors").toString()).isEqualTo("[[\"odd\",\"item \\\"odd\\\" has 1 argument; Adder#add takes 2\"]]");
    }

    @Test
    void batchTrueRefusesDataThatIsNotAnArrayOfItems() {
        assertError(post("shape", "{\"data\": [], \"batch\": true}"), 400, "bad_request");
        assertError(post("shape", "{\"data\": 5, \"batch\": true}"), 400, "bad_request");
    }

    @Test
    void aBatchOptionThatIsNotABooleanIsRefused() {
        assertThat(assertError(post("shape", "{\"data\": [1], \"batch\": \"yes\"}"), 400, "bad_request"))
                .contains("batch");
    }

    @Test
    void duplicateIdsAreRefusedNamingTheId() {
        String message = assertError(post("adder", "{\"data\": [[7, 1, 1], [8, 2, 2], [7, 3, 3]]}"), 400, "bad_request");

        assertThat(message).contains("unique").contains("7");
    }

    @Test
    void duplicateStringIdsAreRefusedNamingTheId() {
        String message = assertError(post("adder", "{\"data\": [[\"dup\", 1, 1], [\"dup\", 2, 2]]}"), 400, "bad_request");

        assertThat(message).contains("\"dup\"");
    }

    @Test
    void numericallyEqualIdsAreDuplicates() {
        String message = assertError(post("adder", "{\"data\": [[2.50, 1, 1], [2.5, 2, 2]]}"), 400, "bad_request");

        assertThat(message).contains("2.5");
    }

    @Test
    void aStringIdAndTheEqualNumberAreNotDuplicates() {
        assertThat(post("adder", "{\"data\": [[\"1\", 1, 1], [1, 2, 2]]}").body())
                .isEqualTo("{\"data\":[[1,4],[\"1\",2]]}");
    }

    @Test
    void aSingleCallWithTooManyArgumentsIsABadRequest() {
        String message = assertError(post("adder", "{\"data\": [1, 2, 3]}"), 400, "bad_request");

        assertThat(message).contains("takes 2 arguments").contains("got 3");
    }

    @Test
    void aSingleCallWithOneArgumentForTwoParametersIsABadRequest() {
        assertThat(assertError(post("adder", "{\"data\": 5}"), 400, "bad_request")).contains("takes 2 arguments");
    }

    @Test
    void aSingleCallSpreadsItsArrayOverTheParameters() {
        assertThat(post("adder", "{\"data\": [20, 22]}").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aSingleCallWithAnArgumentOfTheWrongTypeIsABadRequest() {
        assertError(post("adder", "{\"data\": [\"ten\", 2]}"), 400, "bad_request");
    }
}
