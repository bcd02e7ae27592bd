package dev.inferd.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.invoke.async.WebhookReceiver;
import dev.inferd.invoke.async.WebhookReceiver.Delivery;
import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once its PostgreSQL answers again, a replica carries on without a restart: it is ready, takes
 * deploys and serves them. A replica started while its database was down starts anyway, and takes
 * up what the database holds once it answers: the deployments, and the jobs other replicas accepted.
 * <p>
 * The class has one PostgreSQL of its own, on a fixed port and data directory so that it can be
 * stopped and started again; each test has a database of its own in it, and finds it running.
 */
class AReplicaCarriesOnOnceItsDatabaseIsBackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /**
     * A store call waits 3 s for a connection before it gives up, the listener tries again every
     * second and the registry looks every second; this leaves room for a loaded machine.
     */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path postgresFolder;
    private static StoppablePostgres postgres;

    @TempDir
    Path dataDirectories;
    private String database;

    @BeforeAll
    static void startPostgres() {
        postgres = StoppablePostgres.startIn(postgresFolder.resolve("cluster"));
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void createThisTestsDatabase() {
        database = "back_" + DATABASES.incrementAndGet();
        postgres.createDatabase(database);
    }

    /** The next test finds PostgreSQL running, whatever this one left it as. */
    @AfterEach
    void startPostgresAgain() {
        postgres.start();
    }

    @Test
    void aReplicaServesANewDeployWithoutARestartOnceItsDatabaseIsBack() {
        try (Replicas replicas = startReplica("replica")) {
            ChildServer replica = replicas.replica(1);
            deploy(replica, "evolving", "which", "def which(x):\n    return 'v1'\n");
            postgres.stop();
            assertThat(replica.post("/api/deployments/evolving/versions", deployBody("which", "def which(x):\n    return 'refused'\n"))
                    .status()).isEqualTo(503);

            postgres.start();

            Eventually.holds("the replica ready again", BACK_WITHIN, () -> replica.get("/readyz").status() == 200);
            HttpAnswer deployed = replica.post("/api/deployments/evolving/versions", deployBody("which", "def which(x):\n    return 'v2'\n"));
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
            assertThat(deployed.json().path("version").asInt()).isEqualTo(2);
            assertThat(replica.post("/v1/evolving", "{\"data\": 0}").json().path("data").asText()).isEqualTo("v2");
        }
    }

    /**
     * Replica A accepts four jobs but runs only the first, which takes long; it is killed, and the
     * database stopped. Replica B starts without its database; once the database answers, B serves
     * A's deployment and runs the three jobs that were still queued, each to its own answer.
     */
    @Test
    void aReplicaStartedWhileItsDatabaseIsDownTakesUpWhatItHoldsOnceItAnswers() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Map<String, Integer> queued = new LinkedHashMap<>();
            try (Replicas earlier = startReplica("a", "--async-jobs", "1", "--allow-private-webhooks")) {
                ChildServer a = earlier.replica(1);
                // Sleeps x hundredths of a second: job 500 holds A's one job slot while the others queue.
                deploy(a, "stored", "triple", "import time\n\ndef triple(x):\n    time.sleep(x / 100)\n    return 3 * x\n");
                String holding = accept(a, 500, receiver);
                Eventually.holds("the long job running on A", BACK_WITHIN,
                        () -> a.get("/v1/batches/" + holding).json().path("status").asText().equals("running"));
                for (int x = 1; x <= 3; x++) {
                    queued.put(accept(a, x, receiver), x);
                }
                a.kill();
            }
            postgres.stop();

            try (Replicas later = startReplica("b", "--allow-private-webhooks")) {
                ChildServer b = later.replica(1);
                assertThat(b.get("/healthz").status()).isEqualTo(200);
                assertThat(b.get("/readyz").status()).isEqualTo(503);

                postgres.start();

                Eventually.poll("A's deployment answered by B", BACK_WITHIN, () -> b.post("/v1/stored", "{\"data\": 7}"),
                        answer -> answer.status() == 200 && answer.json().path("data").asInt() == 21);
                Eventually.holds("B ready", BACK_WITHIN, () -> b.get("/readyz").status() == 200);
                queued.forEach((batchId, x) -> {
                    Delivery delivery = Eventually.poll("job " + x + " delivered", BACK_WITHIN,
                            () -> receiver.deliveriesOf(batchId), deliveries -> !deliveries.isEmpty()).get(0);
                    assertThat(parse(delivery.body())).as("the answer of job %d", x).isEqualTo(parse("{\"data\": " + 3 * x + "}"));
                });
            }
        }
    }

    private Replicas startReplica(String folder, String... flags) {
        String[] arguments = new String[flags.length + 2];
        arguments[0] = "--python-workers";
        arguments[1] = "1";
        System.arraycopy(flags, 0, arguments, 2, flags.length);
        return Replicas.start(1, postgres.jdbcUrl(database), dataDirectories.resolve(folder), arguments);
    }

    private static String accept(ChildServer replica, int x, WebhookReceiver receiver) {
        HttpAnswer accepted = replica.post("/v1/stored",
                "{\"data\": " + x + ", \"response_webhook\": \"" + receiver.url("/tripled") + "\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("batchId").asText();
    }

    private static String deployBody(String main, String source) {
        return PythonFunctions.deployBody(main, source, Map.of());
    }

    private static void deploy(ChildServer replica, String name, String main, String source) {
        PythonFunctions.deploy(replica, name, main, source, Map.of());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
