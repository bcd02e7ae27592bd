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
 * PROTOCOL §1 errors: a worker process that exits or crashes in the middle of a call fails that
 * request with 502 {@code runtime_error}; a replacement worker starts, and neither later calls nor
 * other deployments notice.
 */
class AWorkerThatDiesFailsOnlyItsOwnCallTest {
    private static final String CRASHER = """
            import os

            def f(x):
                if x == "exit":
                    os._exit(3)
                if x == "segfault":
                    import ctypes
                    ctypes.string_at(0)
                return os.getpid()
            """;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    private static void assertRuntimeError(HttpAnswer answer, String reason) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(502);
        assertThat(answer.errorCode()).isEqualTo("runtime_error");
        assertThat(answer.errorMessage()).contains("died").contains(reason);
    }

    @Test
    void aCallWhoseWorkerExitsIsARuntimeError() {
        PythonBundles.deployed(server, "crash_exit", "f", 2, CRASHER);

        assertRuntimeError(server.call("crash_exit", "\"exit\""), "exit code 3");
    }

    @Test
    void theNextCallsSucceedOnAReplacementWorker() {
        PythonBundles.deployed(server, "crash_replaced", "f", 1, CRASHER);
        long before = PythonBundles.pidOf(server, "crash_replaced");

        assertRuntimeError(server.call("crash_replaced", "\"exit\""), "exit code 3");

        long after = PythonBundles.pidOf(server, "crash_replaced");
        assertThat(after).isNotEqualTo(before);
        assertThat(PythonBundles.pidOf(server, "crash_replaced")).isEqualTo(after);
        assertThat(Eventually.isRunning(before)).isFalse();
    }

    @Test
    void theSurvivingWorkersOfThePoolKeepAnswering() {
        PythonBundles.deployed(server, "crash_pool", "f", 2, CRASHER);

        assertRuntimeError(server.call("crash_pool", "\"exit\""), "exit code 3");

        for (int i = 0; i < 6; i++) {
            assertThat(server.call("crash_pool", "0").status()).isEqualTo(200);
        }
    }

    @Test
    void anotherDeploymentKeepsItsWorker() {
        PythonBundles.deployed(server, "crash_culprit", "f", 1, CRASHER);
        PythonBundles.deployed(server, "crash_bystander", "f", 1, CRASHER);
        long bystander = PythonBundles.pidOf(server, "crash_bystander");

        assertRuntimeError(server.call("crash_culprit", "\"exit\""), "exit code 3");

        assertThat(PythonBundles.pidOf(server, "crash_bystander")).isEqualTo(bystander);
    }

    @Test
    void aBatchWithAnItemThatKillsTheWorkerIsARuntimeErrorAndLaterCallsSucceed() {
        PythonBundles.deployed(server, "crash_batch", "f", 1, CRASHER);

        assertRuntimeError(server.call("crash_batch", "[[1, 0], [2, \"exit\"], [3, 0]]"), "exit code 3");

        HttpAnswer later = server.call("crash_batch", "[[1, 0], [2, 0]]");
        assertThat(later.status()).as(later.toString()).isEqualTo(200);
        assertThat(later.json().get("data")).hasSize(2);
    }

    @Test
    void aSegfaultIsARuntimeErrorAndTheServerSurvives() {
        PythonBundles.deployed(server, "crash_segfault", "f", 1, CRASHER);
        long before = PythonBundles.pidOf(server, "crash_segfault");

        assertRuntimeError(server.call("crash_segfault", "\"segfault\""), "SIGSEGV");

        assertThat(server.get("/healthz").status()).isEqualTo(200);
        assertThat(PythonBundles.pidOf(server, "crash_segfault")).isNotEqualTo(before);
    }

    @Test
    void repeatedCrashesWithSuccessesBetweenKeepRecovering() {
        PythonBundles.deployed(server, "crash_repeatedly", "f", 1, CRASHER);

        for (int i = 0; i < 3; i++) {
            assertRuntimeError(server.call("crash_repeatedly", "\"exit\""), "exit code 3");
            long replacement = Eventually.poll("a call answered by a replacement worker", Duration.ofSeconds(10),
                    () -> server.call("crash_repeatedly", "0"), answer -> answer.status() == 200).json().get("data").asLong();
            assertThat(replacement).isPositive();
        }
    }
}
