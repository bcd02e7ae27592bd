package dev.inferd.runtime.java;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON value that does not fit its parameter is the caller's mistake: 400 on a single call, that
 * item's error in a batch, and never a silent coercion to a wrong answer.
 */
class JavaArgumentsAreBoundStrictlyTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployFunctions() {
        server.deployJavaClass("strict_int", "Increment", "apply", "public static int apply(int x) { return x + 1; }");
        server.deployJavaClass("strict_boolean", "Negate", "apply", "public static boolean apply(boolean b) { return !b; }");
        server.deployJavaClass("strict_two", "Repeat", "apply",
                "public static String apply(String text, int times) { return text.repeat(times); }");
        server.deployJavaClass("strict_map", "MapSum", "apply",
                "public static int apply(Map<String, Integer> m) { int s = 0; for (int v : m.values()) s += v; return s; }");
        HttpAnswer record = server.deployJava("strict_record", "Geometry#area", Map.of(
                "Point.java", "public record Point(int x, int y) { }\n",
                "Geometry.java", "public class Geometry { public static int area(Point p) { return p.x() * p.y(); } }\n"));
        assertThat(record.status()).as(record.toString()).isEqualTo(201);
    }

    @Test
    void aStringOfDigitsIsNotAnInt() {
        assertRejectedAsArgument(server.call("strict_int", "\"10\""), 1);
    }

    @Test
    void aFractionIsNotAnInt() {
        assertRejectedAsArgument(server.call("strict_int", "1.5"), 1);
    }

    @Test
    void nullIsNotAnInt() {
        assertRejectedAsArgument(server.call("strict_int", "null"), 1);
    }

    @Test
    void aNumberBeyondTheIntRangeIsNotAnInt() {
        assertRejectedAsArgument(server.call("strict_int", "2147483648"), 1);
    }

    @Test
    void anObjectIsNotAnInt() {
        assertRejectedAsArgument(server.call("strict_int", "{\"value\": 10}"), 1);
    }

    @Test
    void aNumberIsNotABoolean() {
        assertRejectedAsArgument(server.call("strict_boolean", "1"), 1);
    }

    @Test
    void aStringIsNotABoolean() {
        assertRejectedAsArgument(server.call("strict_boolean", "\"true\""), 1);
    }

    @Test
    void theMessageNamesTheSecondArgumentWhenTheSecondDoesNotFit() {
        HttpAnswer answer = server.call("strict_two", "[\"ab\", \"three\"]");

        assertRejectedAsArgument(answer, 2);
        assertThat(answer.errorMessage()).doesNotContain("argument 1");
    }

    @Test
    void aMapValueOfTheWrongTypeIsRejected() {
        assertRejectedAsArgument(server.call("strict_map", "{\"a\": 1, \"b\": \"2\"}"), 1);
    }

    @Test
    void anUnknownRecordPropertyIsRejected() {
        HttpAnswer answer = server.call("strict_record", "{\"x\": 3, \"y\": 4, \"z\": 5}");

        assertRejectedAsArgument(answer, 1);
        assertThat(answer.errorMessage()).contains("z");
    }

    @Test
    void aMissingPrimitiveRecordComponentIsRejectedRatherThanReadAsZero() {
        assertRejectedAsArgument(server.call("strict_record", "{\"x\": 3}"), 1);
    }

    @Test
    void aRecordComponentOfTheWrongTypeIsRejected() {
        assertRejectedAsArgument(server.call("strict_record", "{\"x\": 3, \"y\": \"4\"}"), 1);
    }

    @Test
    void aRecordStillBindsWhenEveryPropertyIsKnown() {
        assertThat(server.call("strict_record", "{\"x\": 3, \"y\": 4}").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void inABatchOnlyTheItemThatDoesNotBindFailsAndTheOthersAreAnswered() {
        HttpAnswer answer = server.call("strict_int", "[[1, 10], [2, \"10\"], [3, 1.5], [4, 12]]");

        assertThat(answer.status()).isEqualTo(200);
        var json = answer.json();
        assertThat(json.path("data").toString()).isEqualTo("[[1,11],[2,null],[3,null],[4,13]]");
        assertThat(json.path("errors")).hasSize(2);
        assertThat(json.path("errors").get(0).get(0).asInt()).isEqualTo(2);
        assertThat(json.path("errors").get(0).get(1).asText()).contains("argument 1");
        assertThat(json.path("errors").get(1).get(0).asInt()).isEqualTo(3);
        assertThat(json.path("error").asText()).startsWith("2 of 4 items failed; first: item 2: ");
    }

    @Test
    void inABatchAnUnknownRecordPropertyFailsOnlyItsItem() {
        HttpAnswer answer = server.call("strict_record",
                "[[\"ok\", {\"x\": 2, \"y\": 5}], [\"extra\", {\"x\": 1, \"y\": 1, \"z\": 1}]]");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("data").toString()).isEqualTo("[[\"extra\",null],[\"ok\",10]]");
        assertThat(answer.json().path("errors").get(0).get(0).asText()).isEqualTo("extra");
        assertThat(answer.json().path("errors").get(0).get(1).asText()).contains("argument 1");
    }

    @Test
    void aBindingFailureDoesNotLeaveTheFunctionBroken() {
        assertThat(server.call("strict_int", "\"oops\"").status()).isEqualTo(400);

        assertThat(server.call("strict_int", "41").body()).isEqualTo("{\"data\":42}");
    }

    private static void assertRejectedAsArgument(HttpAnswer answer, int argumentNumber) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("argument " + argumentNumber);
    }
}
