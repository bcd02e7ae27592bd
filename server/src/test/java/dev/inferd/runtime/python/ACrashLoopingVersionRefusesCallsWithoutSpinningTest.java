package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A version whose replacement workers die at import, again and again, answers 502 saying so
 * instead of queueing calls behind the restarts, and restarts them with a growing delay rather
 * than in a tight loop.
 */
class ACrashLoopingVersionRefusesCallsWithoutSpinningTest {
    private static final String RUNTIME_LOGGER = "dev.inferd.runtime.python";

    @TempDir
    static Path scratch;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    @Test
    void workersThatKeepExitingAtStartAreReportedAndRestartedWithBackoff() throws IOException {
        Path flag = scratch.resolve("exit-at-import");
        PythonBundles.deployed(server, "crash_loop", "f", 1, """
                import os

                if os.path.exists(%s):
                    os._exit(4)

                def f(x):
                    if x == "exit":
                        os._exit(3)
                    return os.getpid()
                """.formatted(PythonBundles.literal(flag.toString())));
        assertThat(server.call("crash_loop", "0").status()).isEqualTo(200);

        try (CapturedLog log = CapturedLog.of(RUNTIME_LOGGER)) {
            Files.createFile(flag);
            assertThat(server.call("crash_loop", "\"exit\"").status()).isEqualTo(502);

            HttpAnswer refused = Eventually.poll("calls refused as crash-looping", Duration.ofSeconds(10),
                    () -> server.call("crash_loop", "0"),
                    answer -> answer.status() == 502 && answer.errorMessage().contains("keep exiting at start"));
            assertThat(refused.errorCode()).isEqualTo("runtime_error");
            assertThat(refused.errorMessage()).contains("crash_loop/1").contains("server log").doesNotContain("exit code");
            assertThat(log.lines()).as("the log names the last failure").anyMatch(line -> line.contains("exit code 4"));

            int startsBefore = failedStarts(log);
            long windowEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Eventually.holds("five seconds to pass while calls keep being refused", Duration.ofSeconds(7), () -> {
                HttpAnswer answer = server.call("crash_loop", "0");
                assertThat(answer.status()).as(answer.toString()).isEqualTo(502);
                return System.nanoTime() > windowEnd;
            });
            int startsInFiveSeconds = failedStarts(log) - startsBefore;

            assertThat(startsInFiveSeconds).as("worker starts that failed within five seconds; log:\n%s",
                    String.join("\n", log.lines())).isBetween(1, 5);
        }
    }

    /** Each worker that dies before it is ready logs one "exited" warning. */
    private static int failedStarts(CapturedLog log) {
        return log.linesContaining("crash_loop/1 worker ", "exited: exit code 4").size();
    }
}
