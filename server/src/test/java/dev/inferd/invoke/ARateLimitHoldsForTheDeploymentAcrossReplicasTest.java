package dev.inferd.invoke;

import dev.inferd.store.PostgresDatabases;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.ReplicaServers;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas on one PostgreSQL database split a deployment's {@code rate_limit_per_minute} among
 * the live ones, so the deployment as a whole serves no more than its limit: with two replicas and
 * a limit of 6, each serves 3, and a seventh item is refused wherever it arrives.
 */
class ARateLimitHoldsForTheDeploymentAcrossReplicasTest {
    /** The test finishes in far less than this; closer to a minute boundary, it waits for the next minute. */
    private static final long NEEDED_MILLIS = 15_000;
    private static final String DOUBLER = "public class Doubler { public static long twice(long x) { return 2 * x; } }";

    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    @TempDir
    Path directories;

    @Test
    void twoReplicasServeSixItemsAMinuteTogetherAndRefuseTheSeventh() {
        try (ReplicaServers replicas = new ReplicaServers(directories)) {
            TestServer first = replicas.start(databases.url());
            TestServer second = replicas.start(databases.url());
            HttpAnswer deployed = first.deployJava("capped", "Doubler#twice", Map.of("Doubler.java", DOUBLER),
                    Map.of("rate_limit_per_minute", 6));
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
            ReplicaServers.awaitDeployment(second, "capped");
            replicas.awaitLiveReplicas(2);
            startWithEnoughOfTheMinuteLeft();

            for (int i = 0; i < 3; i++) {
                assertThat(first.call("capped", "1").status()).isEqualTo(200);
            }
            HttpAnswer fourthOnTheFirst = first.call("capped", "1");
            assertThat(second.call("capped", "[[1, 1], [2, 2], [3, 3]]").status()).isEqualTo(200);
            HttpAnswer seventh = second.call("capped", "1");

            assertThat(fourthOnTheFirst.status()).as("the first replica's share is spent").isEqualTo(429);
            assertThat(fourthOnTheFirst.errorMessage()).contains("3 of the 6 items a minute, split among 2 replicas");
            assertThat(seventh.status()).as(seventh.toString()).isEqualTo(429);
            assertThat(seventh.errorCode()).isEqualTo("rate_limited");
            assertThat(Integer.parseInt(seventh.header("Retry-After"))).isBetween(1, 60);
        }
    }

    @Test
    void aReplicaThatStopsLeavesTheWholeLimitToTheOthers() {
        try (ReplicaServers replicas = new ReplicaServers(directories)) {
            TestServer staying = replicas.start(databases.url());
            TestServer leaving = replicas.start(databases.url());
            staying.deployJava("capped", "Doubler#twice", Map.of("Doubler.java", DOUBLER), Map.of("rate_limit_per_minute", 6));
            replicas.awaitLiveReplicas(2);

            leaving.close();
            Eventually.holds("the staying replica to count itself alone", Duration.ofSeconds(20),
                    () -> staying.get("/metrics").body().contains("inferd_live_replicas 1.0"));
            startWithEnoughOfTheMinuteLeft();

            HttpAnswer wholeLimit = staying.call("capped", "[[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]");
            assertThat(wholeLimit.status()).as(wholeLimit.toString()).isEqualTo(200);
        }
    }

    private static void startWithEnoughOfTheMinuteLeft() {
        if (60_000 - System.currentTimeMillis() % 60_000 < NEEDED_MILLIS) {
            long minute = System.currentTimeMillis() / 60_000;
            Eventually.holds("the next minute to start", Duration.ofSeconds(20), () -> System.currentTimeMillis() / 60_000 > minute);
        }
    }
}
