package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §4-5: a Python bundle that cannot be imported, lacks its main function or fails a
 * deploy-time test answers 400 {@code bad_request} with Python's own message, and creates no version.
 */
class BrokenPythonBundlesFailTheDeployTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    /** Deploys, expects a refusal, checks no version exists, and returns the message. */
    private static String refused(String name, String main, String source, Map<String, Object> manifest) {
        HttpAnswer answer = PythonBundles.deploy(server, name, main, source, manifest);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(server.get("/api/deployments/" + name).status()).as("deployment %s exists", name).isEqualTo(404);
        assertThat(server.call(name, "1").status()).isEqualTo(404);
        return answer.errorMessage();
    }

    private static String refused(String name, String source) {
        return refused(name, "f", source, Map.of("workers", 1));
    }

    private static String lastLine(String message) {
        String[] lines = message.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    @Test
    void aSyntaxErrorIsRefusedWithPythonsMessage() {
        String message = refused("broken_syntax", "def f(x)\n    return x\n");

        assertThat(message).contains("source.py").contains("line 1");
        assertThat(lastLine(message)).startsWith("SyntaxError:");
    }

    @Test
    void anImportOfAMissingModuleIsRefusedNamingTheModule() {
        String message = refused("broken_import", "import no_such_module_for_inferd\n\ndef f(x):\n    return x\n");

        assertThat(lastLine(message)).isEqualTo("ModuleNotFoundError: No module named 'no_such_module_for_inferd'");
    }

    @Test
    void anImportErrorFromAnExistingModuleIsRefused() {
        String message = refused("broken_import_name", "from os import no_such_name_for_inferd\n\ndef f(x):\n    return x\n");

        assertThat(lastLine(message)).startsWith("ImportError:").contains("no_such_name_for_inferd");
    }

    @Test
    void aMissingMainFunctionIsRefusedNamingIt() {
        String message = refused("broken_main", "g", "def f(x):\n    return x\n", Map.of("workers", 1));

        assertThat(message).contains("'g'").contains("source.py");
    }

    @Test
    void aMainThatIsNotAFunctionIsRefused() {
        String message = refused("broken_not_callable", "f", "f = 42\n", Map.of("workers", 1));

        assertThat(message).contains("not a function");
    }

    @Test
    void anExceptionAtModuleLevelIsRefusedWithItsTraceback() {
        String message = refused("broken_module_code", "model = {}['weights']\n\ndef f(x):\n    return x\n");

        assertThat(message).contains("Traceback").contains("source.py");
        assertThat(lastLine(message)).isEqualTo("KeyError: 'weights'");
    }

    @Test
    void aModuleThatExitsTheProcessAtImportIsRefusedMentioningTheExit() {
        String message = refused("broken_exit", "import os\nprint('about to exit')\nos._exit(4)\n\ndef f(x):\n    return x\n");

        assertThat(message).contains("exited before it was ready").contains("exit code 4");
        assertThat(message).contains("about to exit");
    }

    @Test
    void aModuleThatCallsSysExitAtImportIsRefused() {
        String message = refused("broken_sys_exit", "import sys\nsys.exit(2)\n\ndef f(x):\n    return x\n");

        assertThat(lastLine(message)).isEqualTo("SystemExit: 2");
    }

    @Test
    void aRequiredKeywordOnlyParameterIsRefused() {
        String message = refused("broken_keyword_only", "def f(x, *, key):\n    return x\n");

        assertThat(message).contains("keyword-only").contains("'key'");
    }

    @Test
    void aDeployTimeTestWithTheWrongExpectationIsRefused() {
        String message = refused("broken_expectation", "f", "def f(x):\n    return 2 * x\n", Map.of("workers", 1,
                "tests", List.of(Map.of("args", List.of(10), "expect", 20), Map.of("args", List.of(5), "expect", 11))));

        assertThat(message).contains("tests[1]").contains("expected 11").contains("got 10");
    }

    @Test
    void aDeployTimeTestThatRaisesIsRefusedWithTheTraceback() {
        String message = refused("broken_test_raises", "f", "def f(x):\n    raise ValueError('no model for %s' % x)\n",
                Map.of("workers", 1, "tests", List.of(Map.of("args", List.of(10), "expect", 20))));

        assertThat(message).contains("tests[0]").contains("Traceback");
        assertThat(lastLine(message)).isEqualTo("ValueError: no model for 10");
    }

    @Test
    void aDeployTimeTestWithTheWrongArgumentCountIsRefused() {
        String message = refused("broken_test_arity", "f", "def f(a, b):\n    return a + b\n",
                Map.of("workers", 1, "tests", List.of(Map.of("args", List.of(10), "expect", 20))));

        assertThat(message).contains("tests[0]").contains("2 arguments");
    }

    @Test
    void aMissingInterpreterIsRefusedNamingIt() {
        String message = refused("broken_interpreter", "f", "def f(x):\n    return x\n",
                Map.of("workers", 1, "python", "/no/such/python3"));

        assertThat(message).contains("cannot start the Python interpreter '/no/such/python3'");
    }

    @Test
    void aMissingInterpreterIsRefusedWithoutTheServersDirectories() {
        String message = refused("broken_interpreter_paths", "f", "def f(x):\n    return x\n",
                Map.of("workers", 1, "python", "/no/such/python3"));

        assertThat(message).doesNotContain(server.dataDirectory().toAbsolutePath().toString());
    }

    @Test
    void aBrokenNewVersionKeepsThePreviousOneServing() {
        PythonBundles.deployed(server, "broken_later", "f", 1, "def f(x):\n    return 2 * x\n");

        HttpAnswer answer = PythonBundles.deploy(server, "broken_later", "f", "def f(x)\n", Map.of("workers", 1));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(server.get("/api/deployments/broken_later").json().get("versions")).hasSize(1);
        assertThat(server.call("broken_later", "4").body()).isEqualTo("{\"data\":8}");
    }

    @Test
    void aPassingDeployTimeTestLetsTheVersionThrough() {
        HttpAnswer answer = PythonBundles.deploy(server, "tested_fine", "f", "def f(x):\n    return 2 * x\n",
                Map.of("workers", 1, "tests", List.of(Map.of("args", List.of(10), "expect", 20))));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }
}
