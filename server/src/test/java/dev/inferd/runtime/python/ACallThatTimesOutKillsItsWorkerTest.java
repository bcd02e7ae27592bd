package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1 {@code timeout_seconds}: a Python call that runs too long answers 504 {@code timeout}
 * on time; its worker, still busy, is killed and replaced so that later calls run.
 */
class ACallThatTimesOutKillsItsWorkerTest {
    private static final String SLEEPER = """
            import os
            import time

            def f(seconds):
                time.sleep(seconds)
                return os.getpid()
            """;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    private static HttpAnswer sleepFor30sWithATimeoutOf1s(String deployment) {
        return server.post("/v1/" + deployment, "{\"data\": 30, \"timeout_seconds\": 1}");
    }

    @Test
    void aCallSleepingPastItsTimeoutAnswers504LongBeforeItWouldFinish() {
        PythonBundles.deployed(server, "sleeper_answer", "f", 1, SLEEPER);

        long started = System.nanoTime();
        HttpAnswer answer = sleepFor30sWithATimeoutOf1s("sleeper_answer");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(504);
        assertThat(answer.errorCode()).isEqualTo("timeout");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theTimedOutWorkerIsKilledAndReplaced() {
        PythonBundles.deployed(server, "sleeper_replaced", "f", 1, SLEEPER);
        long before = PythonBundles.pidOf(server, "sleeper_replaced");

        assertThat(sleepFor30sWithATimeoutOf1s("sleeper_replaced").status()).isEqualTo(504);

        Eventually.holds("worker " + before + " killed", Duration.ofSeconds(5), () -> !Eventually.isRunning(before));
        long after = PythonBundles.pidOf(server, "sleeper_replaced");
        assertThat(after).isNotEqualTo(before);
        assertThat(PythonBundles.pidOf(server, "sleeper_replaced")).isEqualTo(after);
    }

    @Test
    void aBatchThatTimesOutAnswers504AndLaterBatchesSucceed() {
        PythonBundles.deployed(server, "sleeper_batch", "f", 1, SLEEPER);

        HttpAnswer slow = server.post("/v1/sleeper_batch", "{\"data\": [[1, 0], [2, 30]], \"timeout_seconds\": 1}");
        assertThat(slow.status()).as(slow.toString()).isEqualTo(504);

        HttpAnswer later = server.call("sleeper_batch", "[[1, 0], [2, 0.01]]");
        assertThat(later.status()).as(later.toString()).isEqualTo(200);
    }
}
