package dev.inferd.store;

import dev.inferd.invoke.ReplicaPlace;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.ForwardedPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas on one PostgreSQL database count each other by their heartbeats: each renews its row
 * with a promise to live a while longer, a clean stop deletes the row, and a replica that stops
 * renewing (a crash) is counted out once its promise runs out. Beats and promises are short here,
 * so nothing waits for long.
 */
class ReplicaHeartbeatsCountTheLiveReplicasTest {
    private static final Duration BEAT_EVERY = Duration.ofMillis(100);
    private static final Duration PROMISE = Duration.ofMillis(600);
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    private final List<ReplicaHeartbeats> started = new ArrayList<>();

    @AfterEach
    void stopBeating() {
        started.forEach(ReplicaHeartbeats::close);
    }

    @Test
    void aReplicaAloneCountsOne() {
        ReplicaHeartbeats alone = started("a");

        assertThat(alone.place()).isEqualTo(new ReplicaPlace(0, 1));
    }

    @Test
    void twoReplicasOnOneDatabaseCountTwoAndTakeDifferentPlaces() {
        ReplicaHeartbeats first = started("replica-b");
        ReplicaHeartbeats second = started("replica-a");

        assertThat(second.place()).as("counted at its first beat").isEqualTo(new ReplicaPlace(0, 2));
        Eventually.holds("the first replica to count the second", WITHIN, () -> first.place().count() == 2);
        assertThat(first.place()).isEqualTo(new ReplicaPlace(1, 2));
    }

    @Test
    void aReplicaThatStopsCleanlyIsCountedOutWithoutWaitingForItsPromise() {
        ReplicaHeartbeats staying = startedPromising("staying", Duration.ofMinutes(1));
        ReplicaHeartbeats leaving = startedPromising("leaving", Duration.ofMinutes(1));
        Eventually.holds("both to count two", WITHIN, () -> staying.place().count() == 2);

        started.remove(leaving);
        leaving.close();

        Eventually.holds("the staying replica to count one", WITHIN, () -> staying.place().count() == 1);
    }

    @Test
    void aReplicaThatStopsBeatingIsCountedOutOnceItsPromiseRunsOut() throws SQLException {
        ReplicaHeartbeats alive = started("alive");
        // What a replica that crashed leaves behind: a row that nobody renews.
        databases.execute("INSERT INTO replicas (node, seen_until) VALUES ('crashed',"
                + " (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT + " + PROMISE.toMillis() + ")");
        alive.beat();
        assertThat(alive.place().count()).isEqualTo(2);

        Eventually.holds("the crashed replica to be counted out", WITHIN, () -> alive.place().count() == 1);
    }

    @Test
    void aReplicaThatLosesTheDatabaseKeepsTheLastCountWhileTheOthersCountItOut() {
        ReplicaHeartbeats staying = started("staying");
        try (ForwardedPort link = ForwardedPort.to(databases.port())) {
            ReplicaHeartbeats cutOff = new ReplicaHeartbeats(databases.openThrough(link.port()), "cut-off", BEAT_EVERY, PROMISE);
            started.add(cutOff);
            cutOff.start();
            assertThat(cutOff.place().count()).isEqualTo(2);

            link.cut();
            cutOff.beat();

            assertThat(cutOff.place().count()).as("the last count it made").isEqualTo(2);
            Eventually.holds("the staying replica to count the cut-off one out", WITHIN, () -> staying.place().count() == 1);
        }
    }

    private ReplicaHeartbeats started(String node) {
        return startedPromising(node, PROMISE);
    }

    private ReplicaHeartbeats startedPromising(String node, Duration promise) {
        ReplicaHeartbeats heartbeats = new ReplicaHeartbeats(databases.open(), node, BEAT_EVERY, promise);
        heartbeats.start();
        started.add(heartbeats);
        return heartbeats;
    }
}
