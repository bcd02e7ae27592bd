package dev.inferd.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Python functions deployed over the management API as JSON bodies with {@code source.py} inline,
 * for tests outside the Python runtime's package; skipped where {@code python3} cannot start.
 */
public final class PythonFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Boolean available;

    private PythonFunctions() {
    }

    /** Skips the calling test when the server's default interpreter cannot be started. */
    public static void assumePython() {
        if (available == null) {
            available = runs();
        }
        assumeTrue(available, "'python3' cannot be started here; skipping this Python test");
    }

    /** Deploys {@code source} with the other manifest fields in {@code manifest}; fails unless a version was created. */
    public static void deploy(HttpEndpoint server, String name, String main, String source, Map<String, Object> manifest) {
        HttpAnswer answer = server.post("/api/deployments/" + name + "/versions", deployBody(main, source, manifest));
        assertThat(answer.status()).as("deploy of %s: %s", name, answer).isEqualTo(201);
    }

    /** The JSON deploy body of a Python bundle whose {@code source.py} is {@code source}, for tests that read the answer themselves. */
    public static String deployBody(String main, String source, Map<String, Object> manifest) {
        ObjectNode body = JSON.createObjectNode();
        body.put("runtime", "python");
        body.put("main", main);
        manifest.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
        body.putObject("files").put("source.py", source);
        return body.toString();
    }

    private static boolean runs() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import sys").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
