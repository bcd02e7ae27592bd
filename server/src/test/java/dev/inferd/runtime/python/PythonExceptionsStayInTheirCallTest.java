package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1, batch errors and errors: a main function that raises fails only its item, with
 * Python's traceback whose last line is the exception; a single call that raises is 500
 * {@code function_error} with the same text. The worker survives either way.
 */
class PythonExceptionsStayInTheirCallTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void deployADictDoubler() {
        PythonAvailability.assumePython();
        PythonBundles.deployed(server, "dict_doubler", "f", 1, """
                import os
                import sys

                def helper(d):
                    return 2 * d["value"]

                def f(d):
                    if d == "exit":
                        sys.exit(5)
                    if d == "pid":
                        return os.getpid()
                    return helper(d)
                """);
    }

    private static String lastLine(String message) {
        String[] lines = message.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    @Test
    void aRaisingItemFailsAloneAsTheProtocolShows() {
        HttpAnswer answer = server.call("dict_doubler", "[[1, {\"value\": 10}], [2, {}], [3, {\"value\": 12}]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("data").toString()).isEqualTo("[[1,20],[2,null],[3,24]]");
        assertThat(body.get("errors")).hasSize(1);
        assertThat(body.get("errors").get(0).get(0).asInt()).isEqualTo(2);
        String traceback = body.get("errors").get(0).get(1).asText();
        assertThat(traceback).startsWith("Traceback (most recent call last):");
        assertThat(lastLine(traceback)).isEqualTo("KeyError: 'value'");
        assertThat(body.get("error").asText()).isEqualTo("1 of 3 items failed; first: item 2: KeyError: 'value'");
    }

    @Test
    void theTracebackShowsTheUsersFramesRelativeToTheBundleAndNotTheWorkers() {
        String traceback = server.call("dict_doubler", "[[1, {}]]").json().get("errors").get(0).get(1).asText();

        assertThat(traceback).contains("File \"source.py\"").contains("in f").contains("in helper")
                .contains("return 2 * d[\"value\"]");
        assertThat(traceback).doesNotContain("inferd_worker").doesNotContain(server.dataDirectory().toString());
    }

    @Test
    void everyFailedItemIsListedInIdOrder() {
        JsonNode body = server.call("dict_doubler", "[[\"b\", 5], [3, {}], [\"a\", {\"value\": 1}], [1, []]]").json();

        assertThat(body.get("data").toString()).isEqualTo("[[1,null],[3,null],[\"a\",2],[\"b\",null]]");
        assertThat(body.get("errors")).hasSize(3);
        assertThat(body.get("errors").get(0).get(0).asInt()).isEqualTo(1);
        assertThat(lastLine(body.get("errors").get(0).get(1).asText())).startsWith("TypeError:");
        assertThat(body.get("errors").get(1).get(0).asInt()).isEqualTo(3);
        assertThat(lastLine(body.get("errors").get(1).get(1).asText())).isEqualTo("KeyError: 'value'");
        assertThat(body.get("errors").get(2).get(0).asText()).isEqualTo("b");
        assertThat(body.get("error").asText()).startsWith("3 of 4 items failed; first: item 1: TypeError:");
    }

    @Test
    void aSingleCallThatRaisesIsAFunctionErrorWithTheTraceback() {
        HttpAnswer answer = server.call("dict_doubler", "{\"other\": 1}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(answer.errorMessage()).contains("Traceback (most recent call last):").contains("File \"source.py\"");
        assertThat(lastLine(answer.errorMessage())).isEqualTo("KeyError: 'value'");
        assertThat(answer.json().fieldNames()).toIterable().containsExactlyInAnyOrder("error", "code");
    }

    @Test
    void sysExitInTheFunctionFailsOnlyItsItemAndTheWorkerLives() {
        long pid = server.call("dict_doubler", "\"pid\"").json().get("data").asLong();

        JsonNode body = server.call("dict_doubler", "[[1, \"exit\"], [2, {\"value\": 2}]]").json();

        assertThat(body.get("data").toString()).isEqualTo("[[1,null],[2,4]]");
        assertThat(lastLine(body.get("errors").get(0).get(1).asText())).isEqualTo("SystemExit: 5");
        assertThat(server.call("dict_doubler", "\"pid\"").json().get("data").asLong()).isEqualTo(pid);
    }

    @Test
    void aFailedCallDoesNotBreakTheNext() {
        assertThat(server.call("dict_doubler", "{}").status()).isEqualTo(500);

        assertThat(server.call("dict_doubler", "{\"value\": 21}").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aChainedExceptionShowsBothTracebacksWithTheLastOneLast() {
        PythonBundles.deployed(server, "chained", "f", 1, """
                def f(x):
                    try:
                        return {}[x]
                    except KeyError as missing:
                        raise ValueError("unknown key %s" % x) from missing
                """);

        String message = server.call("chained", "\"k\"").errorMessage();

        assertThat(message).contains("KeyError: 'k'").contains("direct cause");
        assertThat(lastLine(message)).isEqualTo("ValueError: unknown key k");
    }
}
