package dev.inferd.runtime.python;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whether the machine running the tests can start Python, and which modules it can import. Each
 * probe runs once per test JVM; tests that need what is missing are skipped, not failed. .ci/run
 * installs every module these tests import and checks that python3 imports them, so nothing is
 * skipped there.
 */
final class PythonAvailability {
    /** The interpreter the test servers use, as the server's default does. */
    static final String PYTHON = "python3";
    /** Where to look for an interpreter with an optional module (pandas) when the default lacks it. */
    private static final List<String> CANDIDATES = List.of(PYTHON, "/usr/bin/python3", "/usr/local/bin/python3");

    private static final Map<String, Boolean> PROBES = new ConcurrentHashMap<>();

    private PythonAvailability() {
    }

    static void assumePython() {
        assumeTrue(canImport(PYTHON, "sys"), "'" + PYTHON + "' cannot be started here; skipping the Python runtime tests");
    }

    /** Skips the test unless the default interpreter imports {@code module}. */
    static void assumeModule(String module) {
        assumePython();
        assumeTrue(canImport(PYTHON, module), "'" + PYTHON + "' cannot import " + module + "; skipping this test");
    }

    /** An interpreter that imports {@code module} (a bundle may name its own with {@code python:}), or the test is skipped. */
    static String interpreterWith(String module) {
        assumePython();
        Optional<String> found = CANDIDATES.stream().filter(python -> canImport(python, module)).findFirst();
        assumeTrue(found.isPresent(), "no Python interpreter here can import " + module + " (tried " + CANDIDATES + "); skipping this test");
        return found.get();
    }

    private static boolean canImport(String python, String module) {
        return PROBES.computeIfAbsent(python + " " + module, key -> runs(python, "import " + module));
    }

    private static boolean runs(String python, String code) {
        try {
            Process process = new ProcessBuilder(python, "-c", code).redirectErrorStream(true)
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
