package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/bundles.md, {@code source:}: a Python bundle may keep its main function in a file other than
 * {@code source.py}. The worker imports that file, with the bundle directory first on {@code sys.path},
 * and a bundle without it is refused at deploy rather than at its first call.
 */
class TheMainFunctionLivesInTheFileNamedBySourceTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    @Test
    void callsRunTheFunctionFromTheFileNamedBySource() {
        // A source.py with the same function name sits beside it, so answering from the default file cannot pass.
        HttpAnswer deployed = PythonBundles.deployFiles(server, "model_file",
                Map.of("runtime", "python", "main", "predict", "source", "model.py", "workers", 1),
                Map.of("model.py", "def predict(x):\n    return ['model.py', 2 * x]\n",
                        "source.py", "def predict(x):\n    return ['source.py', x]\n"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        HttpAnswer answer = server.call("model_file", "21");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":[\"model.py\",42]}");
    }

    @Test
    void aSourceInASubFolderCanImportModulesFromTheBundleRoot() {
        HttpAnswer deployed = PythonBundles.deployFiles(server, "nested_source",
                Map.of("runtime", "python", "main", "score", "source", "models/scorer.py", "workers", 1),
                Map.of("models/scorer.py", "import weights\n\ndef score(x):\n    return weights.SCALE * x\n",
                        "weights.py", "SCALE = 3\n"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        HttpAnswer answer = server.call("nested_source", "[[1, 5], [2, 7]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":[[1,15],[2,21]]}");
    }

    @Test
    void aBundleWithoutTheFileNamedBySourceIsRefused() {
        // Only the default file is there: it must not be taken instead of the one the manifest names.
        HttpAnswer answer = PythonBundles.deployFiles(server, "missing_source",
                Map.of("runtime", "python", "main", "predict", "source", "model.py", "workers", 1),
                Map.of("source.py", "def predict(x):\n    return x\n"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("model.py");
        assertThat(server.get("/api/deployments/missing_source").status()).isEqualTo(404);
    }
}
