package dev.inferd.replicas;

import dev.inferd.testing.ChildServer;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica whose PostgreSQL goes away under it (stopped, as in an outage or a failover) keeps
 * answering calls to what it has loaded, says it is not ready and why, and refuses writes as
 * unavailable (503 with Retry-After), so a client knows to retry rather than that it was wrong.
 * <p>
 * The tests look at one outage, set up once for the class: a replica that has loaded a version,
 * and then its database stopped. Nothing a test does changes that state, so their order does not
 * matter. What happens once the database is back is {@link AReplicaCarriesOnOnceItsDatabaseIsBackTest}.
 */
class ADatabaseLostUnderAReplicaTest {
    private static final String DATABASE = "lost";

    @TempDir
    static Path folders;
    private static StoppablePostgres postgres;
    private static Replicas replicas;
    private static ChildServer replica;

    @BeforeAll
    static void stopTheDatabaseUnderAReplicaThatHasLoadedAVersion() {
        postgres = StoppablePostgres.startIn(folders.resolve("cluster"));
        postgres.createDatabase(DATABASE);
        replicas = Replicas.start(1, postgres.jdbcUrl(DATABASE), folders, "--python-workers", "1");
        replica = replicas.replica(1);
        PythonFunctions.deploy(replica, "doubler", "double", "def double(x):\n    return 2 * x\n", Map.of());
        assertDoubles(21);

        postgres.stop();
    }

    @AfterAll
    static void stopEverything() {
        if (replicas != null) {
            replicas.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void callsToTheLoadedVersionKeepAnswering() {
        for (int x = 0; x < 20; x++) {
            assertDoubles(x);
        }
    }

    @Test
    void livenessStaysOk() {
        assertThat(replica.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void readinessAnswers503NamingTheDatabase() {
        HttpAnswer readiness = replica.get("/readyz");

        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
        assertThat(readiness.json().path("problems").path("store").asText())
                .contains("localhost:" + postgres.port() + "/" + DATABASE);
    }

    @Test
    void aDeployAnswers503UnavailableWithRetryAfter() {
        assertUnavailable(replica.post("/api/deployments/doubler/versions",
                PythonFunctions.deployBody("double", "def double(x):\n    return x + x\n", Map.of())));
    }

    @Test
    void creatingAKeyAnswers503UnavailableWithRetryAfter() {
        assertUnavailable(replica.post("/api/keys", "{\"name\": \"during-the-outage\"}"));
    }

    private static void assertUnavailable(HttpAnswer refused) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.errorCode()).isEqualTo("unavailable");
        assertThat(refused.header("Retry-After")).as("Retry-After of %s", refused).matches("[1-9][0-9]*");
    }

    private static void assertDoubles(int x) {
        HttpAnswer answer = replica.post("/v1/doubler", "{\"data\": " + x + "}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("data").asInt()).isEqualTo(2 * x);
    }
}
