package dev.inferd.registry.versions;

import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call already running on a version when the version, or its whole deployment, is deleted gets
 * its answer; only calls that come later are refused. Deleting used to kill the workers under the
 * running calls, which answered 502 blaming the out-of-memory killer.
 */
class CallsRunningWhenTheirVersionIsDeletedFinishTest {
    /**
     * Leaves a file to say it started, then runs longer than the two seconds a stopping worker is
     * given before it is killed.
     */
    private static final String SLOW_PYTHON = """
            import time

            def slow_double(x, started):
                open(started, "w").close()
                time.sleep(3)
                return x * 2
            """;
    private static final String SLOW_JAVA = """
            public static long slowDouble(long x, String started) throws Exception {
                java.nio.file.Files.createFile(java.nio.file.Path.of(started));
                Thread.sleep(1500);
                return x * 2;
            }
            """;

    @TempDir
    static Path markers;
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** Calls {@code target} with a marker file, and waits until the function has started running. */
    private static CompletableFuture<HttpAnswer> callAndWaitUntilRunning(String target, String marker) throws Exception {
        Path started = markers.resolve(marker);
        CompletableFuture<HttpAnswer> call = CompletableFuture.supplyAsync(
                () -> server.call(target, "[21, \"" + started + "\"]"));
        Eventually.holds("the call to have started running", Duration.ofSeconds(30), () -> {
            assertThat(call).as("the call is still running").isNotDone();
            return Files.exists(started);
        });
        return call;
    }

    private static void deployPython(String name) {
        PythonFunctions.deploy(server, name, "slow_double", SLOW_PYTHON, Map.of("workers", 1));
    }

    @Test
    void aPythonCallRunningWhenItsDeploymentIsDeletedGetsItsAnswer() throws Exception {
        PythonFunctions.assumePython();
        deployPython("python_deleted");
        CompletableFuture<HttpAnswer> running = callAndWaitUntilRunning("python_deleted", "python_deleted");

        assertThat(server.delete("/api/deployments/python_deleted").status()).isEqualTo(200);

        HttpAnswer answer = running.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aPythonCallWaitingForAWorkerWhenItsDeploymentIsDeletedGetsItsAnswerToo() throws Exception {
        PythonFunctions.assumePython();
        deployPython("python_queued");
        CompletableFuture<HttpAnswer> running = callAndWaitUntilRunning("python_queued", "python_queued");
        CompletableFuture<HttpAnswer> queued = CompletableFuture.supplyAsync(
                () -> server.call("python_queued", "[5, \"" + markers.resolve("python_queued_second") + "\"]"));
        Thread.sleep(300);

        assertThat(server.delete("/api/deployments/python_queued").status()).isEqualTo(200);

        assertThat(running.get(30, TimeUnit.SECONDS).body()).isEqualTo("{\"data\":42}");
        HttpAnswer second = queued.get(30, TimeUnit.SECONDS);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("{\"data\":10}");
    }

    @Test
    void aPythonCallRunningWhenItsVersionIsDeletedGetsItsAnswer() throws Exception {
        PythonFunctions.assumePython();
        deployPython("python_version_deleted");
        PythonFunctions.deploy(server, "python_version_deleted", "other", "def other(x, started):\n    return 0\n", Map.of());
        CompletableFuture<HttpAnswer> running = callAndWaitUntilRunning("python_version_deleted/1", "python_version_deleted");

        assertThat(server.delete("/api/deployments/python_version_deleted/versions/1").status()).isEqualTo(200);

        HttpAnswer answer = running.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void theWorkersOfADeletedDeploymentStopOnceItsLastCallHasEnded() throws Exception {
        PythonFunctions.assumePython();
        PythonFunctions.deploy(server, "python_pid", "slow_pid", """
                import os, time

                def slow_pid(x, started):
                    open(started, "w").close()
                    time.sleep(1)
                    return os.getpid()
                """, Map.of("workers", 1));
        CompletableFuture<HttpAnswer> running = callAndWaitUntilRunning("python_pid", "python_pid");
        server.delete("/api/deployments/python_pid");

        long pid = running.get(30, TimeUnit.SECONDS).json().get("data").asLong();

        Eventually.holds("worker " + pid + " to have stopped", Duration.ofSeconds(15),
                () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aCallWaitingForItsVersionToLoadWhenTheVersionIsDeletedFinishesOrIsToldItWasDeleted(@TempDir Path ownData)
            throws Exception {
        PythonFunctions.assumePython();
        String slowToLoad = "import time\ntime.sleep(2)\n\ndef double(x):\n    return x * 2\n";
        try (TestServer first = TestServer.start(ownData)) {
            PythonFunctions.deploy(first, "python_loading", "double", slowToLoad, Map.of());
            PythonFunctions.deploy(first, "python_loading", "double", slowToLoad + "# version 2\n", Map.of());
        }
        try (TestServer restarted = TestServer.start(ownData)) {
            // Version 1 is neither latest nor aliased, so only this call starts loading it.
            CompletableFuture<HttpAnswer> waiting = CompletableFuture.supplyAsync(() -> restarted.call("python_loading/1", "21"));
            Thread.sleep(500);
            assertThat(waiting).as("the call waits for the load").isNotDone();

            assertThat(restarted.delete("/api/deployments/python_loading/versions/1").status()).isEqualTo(200);

            HttpAnswer answer = waiting.get(30, TimeUnit.SECONDS);
            if (answer.status() == 200) {
                assertThat(answer.body()).isEqualTo("{\"data\":42}");
            } else {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(410);
                assertThat(answer.errorCode()).isEqualTo("gone");
                assertThat(answer.errorMessage()).isEqualTo("version python_loading/1 was deleted before this call reached it");
            }
        }
    }

    @Test
    void aJavaCallRunningWhenItsDeploymentIsDeletedGetsItsAnswer() throws Exception {
        server.deployJavaClass("java_deleted", "Slow", "slowDouble", SLOW_JAVA);
        CompletableFuture<HttpAnswer> running = callAndWaitUntilRunning("java_deleted", "java_deleted");

        assertThat(server.delete("/api/deployments/java_deleted").status()).isEqualTo(200);

        HttpAnswer answer = running.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aCallThatComesAfterTheDeleteIsNotFound() throws Exception {
        PythonFunctions.assumePython();
        deployPython("python_after");
        CompletableFuture<HttpAnswer> running = callAndWaitUntilRunning("python_after", "python_after");
        server.delete("/api/deployments/python_after");

        HttpAnswer later = server.call("python_after", "[1, \"" + markers.resolve("python_after_later") + "\"]");

        assertThat(later.status()).isEqualTo(404);
        assertThat(running.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
}
