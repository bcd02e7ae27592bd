package dev.inferd.runtime.python;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the worker script's own unittest suite (server/src/test/python) with python3, so the
 * Python end of the protocol is tested by every build, not only by hand.
 */
class WorkerScriptUnitTestsPassTest {

    @Test
    void theWorkerScriptsUnitTestsPass() throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", Path.of("src", "test", "python").toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException noPython) {
            assumeTrue(false, "python3 cannot be started here, so the worker script's unit tests are skipped: " + noPython.getMessage());
            return;
        }
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }

        assertThat(finished).as("the unit tests finished within 120 s; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("python3 -m unittest output:%n%s", output).isZero();
        assertThat(output).contains("OK");
    }
}
