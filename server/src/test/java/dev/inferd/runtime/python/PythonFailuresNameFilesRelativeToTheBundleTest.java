package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Python failure a deployer or caller reads names the bundle's files by their path in the
 * bundle ({@code File "source.py", line 3}), never by where the server keeps them under its data
 * directory: at deploy (a syntax error, an exception at import, a deploy-time test), in calls, in
 * paths quoted by exception messages, and in the output of a worker that died before it was ready.
 */
class PythonFailuresNameFilesRelativeToTheBundleTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    private static void assertNoServerPath(String message) {
        try {
            assertThat(message).doesNotContain(server.dataDirectory().toAbsolutePath().toString())
                    .doesNotContain(server.dataDirectory().toRealPath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deploys a bundle of several files whose main function is {@code f}. */
    private static HttpAnswer deployFiles(String name, Map<String, String> files) {
        return PythonBundles.deployFiles(server, name, Map.of("runtime", "python", "main", "f", "workers", 1), files);
    }

    private static String refused(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertNoServerPath(answer.errorMessage());
        return answer.errorMessage();
    }

    @Test
    void aSyntaxErrorAtDeployNamesTheFileRelativeToTheBundle() {
        String message = refused(PythonBundles.deploy(server, "syntax_error", "f", "def f(x)\n    return x\n",
                Map.of("workers", 1)));

        assertThat(message).contains("File \"source.py\", line 1").contains("SyntaxError");
    }

    @Test
    void aSyntaxErrorInAnImportedModuleNamesItsPathInTheBundle() {
        String message = refused(deployFiles("syntax_error_in_helper", Map.of(
                "source.py", "from helpers.scaling import scale\n\ndef f(x):\n    return scale(x)\n",
                "helpers/__init__.py", "",
                "helpers/scaling.py", "def scale(x):\n    return x *\n")));

        assertThat(message).contains("File \"helpers/scaling.py\", line 2").contains("SyntaxError");
    }

    @Test
    void anExceptionAtImportNamesEveryFrameRelativeToTheBundle() {
        String message = refused(deployFiles("import_error", Map.of(
                "source.py", "import model\n\ndef f(x):\n    return x\n",
                "model.py", "weights = {}\nscale = weights['scale']\n")));

        assertThat(message).contains("File \"source.py\", line 1, in <module>")
                .contains("File \"model.py\", line 2, in <module>")
                .endsWith("KeyError: 'scale'");
    }

    @Test
    void aPathUnderTheBundleInAnExceptionMessageIsRelativeToTheBundle() {
        String message = refused(PythonBundles.deploy(server, "missing_weights", "f", """
                import os

                with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights.bin"), "rb") as file:
                    weights = file.read()

                def f(x):
                    return x
                """, Map.of("workers", 1)));

        assertThat(message).endsWith("FileNotFoundError: [Errno 2] No such file or directory: 'weights.bin'");
    }

    @Test
    void anExceptionInACallNamesTheFileRelativeToTheBundle() {
        HttpAnswer deployed = deployFiles("raising_call", Map.of(
                "source.py", "from lib.lookup import value_of\n\ndef f(d):\n    return value_of(d)\n",
                "lib/__init__.py", "",
                "lib/lookup.py", "def value_of(d):\n    return d['value']\n"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        HttpAnswer single = server.call("raising_call", "{}");
        HttpAnswer batch = server.call("raising_call", "[[1, {}]]");

        assertThat(single.status()).as(single.toString()).isEqualTo(500);
        assertThat(single.errorMessage()).contains("File \"source.py\", line 4, in f")
                .contains("File \"lib/lookup.py\", line 2, in value_of");
        assertNoServerPath(single.errorMessage());
        assertThat(batch.json().get("errors").get(0).get(1).asText()).isEqualTo(single.errorMessage());
    }

    @Test
    void aDeployTimeTestThatRaisesNamesTheFileRelativeToTheBundle() {
        String message = refused(PythonBundles.deploy(server, "raising_test", "f",
                "def f(x):\n    return 10 / x\n",
                Map.of("workers", 1, "tests", List.of(Map.of("args", List.of(0), "expect", 1)))));

        assertThat(message).contains("File \"source.py\", line 2, in f").endsWith("ZeroDivisionError: division by zero");
    }

    @Test
    void theOutputOfAWorkerThatDiedAtImportNamesFilesRelativeToTheBundle() {
        String message = refused(PythonBundles.deploy(server, "printed_traceback", "f", """
                import os
                import traceback

                try:
                    {}["weights"]
                except KeyError:
                    traceback.print_exc()
                    os._exit(4)

                def f(x):
                    return x
                """, Map.of("workers", 1)));

        assertThat(message).contains("exit code 4").contains("File \"source.py\", line 5, in <module>");
    }
}
