package dev.inferd.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.invoke.async.WebhookReceiver;
import dev.inferd.invoke.async.WebhookReceiver.Delivery;
import dev.inferd.store.PostgresDatabases;
import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §3 across replicas: 200 async jobs are accepted by the replicas in turn and run by
 * whichever claims them; replica 3 is killed with SIGKILL while it holds running jobs, some of the
 * jobs already delivered and others not yet accepted. The other two take over its jobs once their
 * leases end (JobLeases: 30 s) and its deliveries once theirs do (the webhook timeout plus 20 s),
 * so every job reaches the receiver with its own answer: at least once, and when more than once,
 * always the same answer.
 */
class AsyncJobsSurviveAReplicaKilledMidRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int JOBS = 200;
    /** 100 ms a job, one worker each: the jobs take several seconds, so the kill finds them in flight. */
    private static final String SLOW_SQUARE = "import time\n\n"
            + "def slow_square(x):\n"
            + "    time.sleep(0.1)\n"
            + "    return x * x\n";
    /** Thirty seconds of job lease and thirty of delivery lease, with room for the work itself. */
    private static final Duration ALL_DELIVERED = Duration.ofSeconds(90);

    @RegisterExtension
    final PostgresDatabases database = new PostgresDatabases();
    @TempDir
    Path dataDirectories;

    @Test
    void everyJobIsDeliveredWithItsOwnAnswerWhenAReplicaIsKilledMidRun() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             Replicas replicas = Replicas.start(3, database.jdbcUrl(), dataDirectories, "--allow-private-webhooks",
                     "--python-workers", "1")) {
            PythonFunctions.deploy(replicas.replica(1), "slow_square", "slow_square", SLOW_SQUARE, Map.of());

            // Jobs are accepted by the replicas in turn, and replica 3 is killed as soon as some are
            // delivered while it runs others: those, and whatever it was delivering, are left to the others.
            String victim = nodeOf(dataDirectories.resolve("replica-3"));
            Map<String, Integer> inputs = new LinkedHashMap<>();
            long heldAtTheKill = 0;
            for (int x = 1; x <= JOBS; x++) {
                ChildServer through = heldAtTheKill > 0 ? replicas.replica(1 + x % 2) : replicas.replica(1 + x % 3);
                inputs.put(accept(through, x, receiver), x);
                if (heldAtTheKill == 0 && deliveredBatches(receiver) >= JOBS / 4) {
                    heldAtTheKill = killWhileItRunsJobs(replicas.replica(3), victim);
                }
            }
            if (heldAtTheKill == 0) {
                Eventually.poll("replica 3 running jobs while others are delivered", ALL_DELIVERED,
                        () -> killWhileItRunsJobs(replicas.replica(3), victim), held -> held > 0);
            }

            Eventually.poll("every job delivered (batches delivered so far)", ALL_DELIVERED,
                    () -> deliveredBatches(receiver), delivered -> delivered == JOBS);

            Map<String, List<Delivery>> byBatch = receiver.deliveriesTo("/squares").stream()
                    .collect(Collectors.groupingBy(Delivery::batchId));
            assertThat(byBatch).as("batches delivered").containsOnlyKeys(inputs.keySet());
            inputs.forEach((batchId, x) -> assertThat(byBatch.get(batchId))
                    .as("deliveries of batch %s, the job of %d", batchId, x)
                    .isNotEmpty()
                    .allSatisfy(delivery -> assertThat(parse(delivery.body())).isEqualTo(parse("{\"data\": " + x * x + "}"))));
        }
    }

    private static String accept(ChildServer replica, int x, WebhookReceiver receiver) {
        HttpAnswer accepted = replica.post("/v1/slow_square",
                "{\"data\": " + x + ", \"response_webhook\": \"" + receiver.url("/squares") + "\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("batchId").asText();
    }

    /** Kills the replica with SIGKILL if it holds running jobs right now; @return how many it held, 0 if it was not killed. */
    private long killWhileItRunsJobs(ChildServer replica, String node) {
        long held = runningJobsOf(node);
        if (held > 0) {
            replica.kill();
        }
        return held;
    }

    /** The node name a replica holds job leases under, which it keeps in its data directory. */
    private static String nodeOf(Path dataDirectory) {
        try {
            return Files.readString(dataDirectory.resolve("node-id")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long runningJobsOf(String node) {
        try {
            return database.count("SELECT COUNT(*) FROM jobs WHERE status = 'RUNNING' AND owner_node = ?", node);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long deliveredBatches(WebhookReceiver receiver) {
        return receiver.deliveriesTo("/squares").stream().map(Delivery::batchId).distinct().count();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
