package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.config.PythonSettings;
import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker processes end with the server: when it closes, when {@code inferd serve} is stopped with
 * SIGTERM, and even when the server is killed with SIGKILL and cannot stop them (their
 * parent-death watchdog).
 */
class PythonWorkersDoNotOutliveTheServerTest {
    private static final String PID = "import os\n\ndef f(x):\n    return os.getpid()\n";
    private static final Duration WORKERS_GONE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    @BeforeAll
    static void needPython() {
        PythonAvailability.assumePython();
    }

    @Test
    void closingTheServerEndsEveryWorker() {
        Set<Long> pids = new HashSet<>();
        try (TestServer server = TestServer.start(dataDirectory, settings -> settings.set(PythonSettings::workers, 1))) {
            PythonBundles.deployed(server, "orphans_close", "f", 2, PID);
            PythonBundles.deployed(server, "orphans_close_other", "f", 1, PID);
            pids.addAll(workerPids(2, body -> server.call("orphans_close", body).json()));
            pids.add(server.call("orphans_close_other", "0").json().get("data").asLong());
            assertThat(pids).hasSize(3).allSatisfy(pid -> assertThat(Eventually.isRunning(pid)).isTrue());
        }

        assertAllGone(pids);
    }

    @Test
    void deletingADeploymentEndsItsWorkers() {
        try (TestServer server = TestServer.start(dataDirectory, settings -> settings.set(PythonSettings::workers, 1))) {
            PythonBundles.deployed(server, "orphans_delete", "f", 2, PID);
            PythonBundles.deployed(server, "orphans_delete", "f", 1, PID + "\n# version 2\n");
            Set<Long> pids = new HashSet<>(workerPids(2, body -> server.call("orphans_delete/1", body).json()));
            pids.add(server.call("orphans_delete/2", "0").json().get("data").asLong());
            assertThat(pids).hasSize(3);

            assertThat(server.delete("/api/deployments/orphans_delete").status()).isEqualTo(200);

            assertAllGone(pids);
        }
    }

    @Test
    void sigtermStopsTheServerAndItsWorkers() {
        try (ChildServer child = startChild()) {
            Set<Long> pids = deployAndCollectWorkerPids(child, "orphans_sigterm", 2);

            child.terminate();

            assertThat(child.exited(Duration.ofSeconds(30))).as("the server exits on SIGTERM").isTrue();
            assertAllGone(pids);
        }
    }

    @Test
    void sigkillOfTheServerEndsItsWorkersToo() {
        try (ChildServer child = startChild()) {
            Set<Long> pids = deployAndCollectWorkerPids(child, "orphans_sigkill", 2);

            child.sigkill();

            assertThat(child.exited(Duration.ofSeconds(10))).isTrue();
            assertAllGone(pids);
        }
    }

    private static Set<Long> workerPids(int workers, Function<String, JsonNode> call) {
        // Sequential single calls go to the idle workers in turn once all have started.
        Set<Long> seen = new HashSet<>();
        Eventually.holds(workers + " workers answering", Duration.ofSeconds(15), () -> {
            seen.add(call.apply("0").get("data").asLong());
            return seen.size() == workers;
        });
        return seen;
    }

    private static void assertAllGone(Set<Long> pids) {
        Eventually.holds("workers " + pids + " gone", WORKERS_GONE,
                () -> pids.stream().noneMatch(Eventually::isRunning));
    }

    /** A child server with the PID-answering function deployed on {@code workers} workers; their PIDs, all running. */
    private static Set<Long> deployAndCollectWorkerPids(ChildServer child, String name, int workers) {
        String body = JSON.createObjectNode().put("runtime", "python").put("main", "f").put("workers", workers)
                .set("files", JSON.createObjectNode().put("source.py", PID)).toString();
        HttpAnswer deployed = child.post("/api/deployments/" + name + "/versions", body);
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
        Set<Long> pids = workerPids(workers, data -> child.post("/v1/" + name, "{\"data\": " + data + "}").json());
        assertThat(pids).allSatisfy(pid -> assertThat(Eventually.isRunning(pid)).isTrue());
        return pids;
    }

    private ChildServer startChild() {
        return ChildServer.start(Duration.ofSeconds(60), "--data-dir", dataDirectory.resolve("child").toString());
    }
}
