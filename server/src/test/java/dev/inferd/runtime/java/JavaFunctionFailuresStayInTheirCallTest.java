package dev.inferd.runtime.java;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What user code throws, errors included, fails only the call that threw, with the trace first and
 * {@code ExceptionClass: message} as the last line, as PROTOCOL §1 wants.
 */
class JavaFunctionFailuresStayInTheirCallTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployFunctions() {
        server.deployJavaClass("fail_checked", "Checker", "check",
                "public static int check(int x) {\n"
                        + "  if (x < 0) {\n"
                        + "    throw new IllegalArgumentException(\"x must not be negative, got \" + x);\n"
                        + "  }\n"
                        + "  return 2 * x;\n"
                        + "}");
        server.deployJavaClass("fail_recursion", "Recurse", "depth",
                "public static int depth(int x) { return x < 0 ? 0 : 1 + depth(x + 1); }");
        server.deployJavaClass("fail_chained", "Wrapper", "apply",
                "public static int apply(String text) {\n"
                        + "  try {\n"
                        + "    return Integer.parseInt(text);\n"
                        + "  } catch (NumberFormatException e) {\n"
                        + "    throw new IllegalStateException(\"cannot score '\" + text + \"'\", e);\n"
                        + "  }\n"
                        + "}");
        server.deployJavaClass("fail_printing", "Chatty", "apply",
                "public static int apply(int x) {\n"
                        + "  System.out.println(\"scoring \" + x);\n"
                        + "  System.err.println(\"warning: \" + x);\n"
                        + "  System.out.print(\"{\\\"data\\\": \\\"not the answer\\\"}\");\n"
                        + "  System.out.flush();\n"
                        + "  return x + 1;\n"
                        + "}");
    }

    @Test
    void aSingleCallThatThrowsIsAFunctionErrorEndingWithTheExceptionAndItsMessage() {
        HttpAnswer answer = server.call("fail_checked", "-3");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(lastLine(answer.errorMessage()))
                .isEqualTo("java.lang.IllegalArgumentException: x must not be negative, got -3");
    }

    @Test
    void theTraceShowsTheUserFrameWithItsFileAndLineButNoServerFrames() {
        String message = server.call("fail_checked", "-1").errorMessage();

        assertThat(message).contains("at Checker.check(Checker.java:5)");
        assertThat(message).doesNotContain("dev.inferd").doesNotContain("java.lang.invoke");
    }

    @Test
    void inABatchOnlyTheItemThatThrowsFailsAndKeepsItsMessage() {
        HttpAnswer answer = server.call("fail_checked", "[[1, 5], [2, -7], [3, 6]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("data").toString()).isEqualTo("[[1,10],[2,null],[3,12]]");
        var errors = answer.json().path("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get(0).asInt()).isEqualTo(2);
        assertThat(lastLine(errors.get(0).get(1).asText()))
                .isEqualTo("java.lang.IllegalArgumentException: x must not be negative, got -7");
        assertThat(answer.json().path("error").asText()).isEqualTo(
                "1 of 3 items failed; first: item 2: java.lang.IllegalArgumentException: x must not be negative, got -7");
    }

    @Test
    void aChainedExceptionEndsWithTheExceptionTheFunctionThrewAndShowsItsCause() {
        String message = server.call("fail_chained", "\"seven\"").errorMessage();

        assertThat(message).contains("java.lang.NumberFormatException: For input string: \"seven\"");
        assertThat(lastLine(message)).isEqualTo("java.lang.IllegalStateException: cannot score 'seven'");
        assertThat(message.indexOf("NumberFormatException")).isLessThan(message.indexOf("IllegalStateException"));
    }

    @Test
    void aStackOverflowFailsOnlyThatCallAndTheFunctionKeepsServing() {
        HttpAnswer overflow = server.call("fail_recursion", "0");

        assertThat(overflow.status()).as(overflow.toString()).isEqualTo(500);
        assertThat(overflow.errorCode()).isEqualTo("function_error");
        assertThat(lastLine(overflow.errorMessage())).isEqualTo("java.lang.StackOverflowError");
        assertThat(overflow.errorMessage().lines().count()).as("the trace is bounded").isLessThan(100);
        assertThat(server.call("fail_recursion", "-1").body()).isEqualTo("{\"data\":0}");
        assertThat(server.call("fail_recursion", "-2").body()).isEqualTo("{\"data\":0}");
        assertThat(server.call("fail_checked", "21").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aStackOverflowInABatchFailsOnlyItsItem() {
        HttpAnswer answer = server.call("fail_recursion", "[[1, -5], [2, 0], [3, -1]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("data").toString()).isEqualTo("[[1,0],[2,null],[3,0]]");
        assertThat(lastLine(answer.json().path("errors").get(0).get(1).asText())).isEqualTo("java.lang.StackOverflowError");
    }

    @Test
    void printingToStandardOutputAndErrorDoesNotDisturbTheAnswer() {
        assertThat(server.call("fail_printing", "41").body()).isEqualTo("{\"data\":42}");
        assertThat(server.call("fail_printing", "[[1, 1], [2, 2]]").body()).isEqualTo("{\"data\":[[1,2],[2,3]]}");
    }

    private static String lastLine(String message) {
        String[] lines = message.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
