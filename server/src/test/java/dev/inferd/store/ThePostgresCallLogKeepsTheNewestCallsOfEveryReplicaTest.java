package dev.inferd.store;

import dev.inferd.metrics.CallLog;
import dev.inferd.metrics.CallLogEntry;
import dev.inferd.metrics.CallRecord;
import dev.inferd.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The call log that replicas share on PostgreSQL: each replica queues the calls it answers and
 * writes them in batches, a few statements a second however many calls came, each entry naming its
 * replica; the table keeps the newest calls of each deployment; a queue that cannot be written keeps
 * its newest calls; and a read first writes the reader's own queue, so its calls are in the answer.
 */
class ThePostgresCallLogKeepsTheNewestCallsOfEveryReplicaTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    private final List<PostgresCallLog> opened = new ArrayList<>();
    private PostgresDatabase asAnOperator;

    @BeforeEach
    void deploy() throws SQLException {
        asAnOperator = databases.open();
        databases.execute("INSERT INTO deployments (name, created_at) VALUES ('scorer', 0), ('other', 0)");
    }

    @AfterEach
    void close() {
        opened.forEach(PostgresCallLog::close);
    }

    @Test
    void eachReplicaReadsTheCallsOfBothNewestFirstEachNamingItsReplica() {
        PostgresCallLog first = log("first", CallLog.KEPT_PER_DEPLOYMENT, 100);
        PostgresCallLog second = log("second", CallLog.KEPT_PER_DEPLOYMENT, 100);
        first.add(call("scorer", 1, "one"));
        first.latest("scorer", 10, OptionalInt.empty());

        second.add(call("scorer", 1, "two"));

        assertThat(second.latest("scorer", 10, OptionalInt.empty())).extracting(CallLogEntry::replica, CallLogEntry::input)
                .containsExactly(tuple("second", "two"), tuple("first", "one"));
        assertThat(first.latest("scorer", 10, OptionalInt.empty())).extracting(CallLogEntry::replica, CallLogEntry::input)
                .containsExactly(tuple("second", "two"), tuple("first", "one"));
    }

    @Test
    void anEntryReadBackIsTheCallAsTheLogsApiShowsIt() {
        PostgresCallLog replica = log("replica", CallLog.KEPT_PER_DEPLOYMENT, 100);
        CallRecord call = new CallRecord(NOW, "scorer", 3, "official", 2, 1_500, 500, "KeyError: 'value'",
                CallLog.excerpt("{\"data\": 1}".getBytes(StandardCharsets.UTF_8)), CallLog.excerpt(null));
        replica.add(call);

        assertThat(replica.latest("scorer", 1, OptionalInt.empty())).containsExactly(CallLogEntry.of(call, "replica"));
    }

    @Test
    void manyCallsAreWrittenInAFewTransactionsNotOneStatementEach() {
        PostgresCallLog replica = log("replica", CallLog.KEPT_PER_DEPLOYMENT, 2_000);
        replica.start();
        int calls = 1_200;

        for (int i = 0; i < calls; i++) {
            replica.add(call(i % 2 == 0 ? "scorer" : "other", 1, "call " + i));
        }

        Eventually.holds("every call to be written", Duration.ofSeconds(10), () -> rows("SELECT count(*) FROM call_log") == calls);
        assertThat(rows("SELECT count(DISTINCT xmin::text) FROM call_log")).as("transactions that wrote them").isLessThanOrEqualTo(3);
    }

    @Test
    void ofADeploymentBusierThanAWriteTakesOnlyItsNewestCallsAreWritten() {
        PostgresCallLog replica = new PostgresCallLog(databases.open(), "replica", CallLog.KEPT_PER_DEPLOYMENT, 3, 100,
                Duration.ofMillis(200));
        opened.add(replica);
        for (int i = 1; i <= 5; i++) {
            replica.add(call("scorer", 1, "call " + i));
        }
        replica.add(call("other", 1, "alone"));

        assertThat(replica.latest("scorer", 10, OptionalInt.empty())).extracting(CallLogEntry::input)
                .containsExactly("call 5", "call 4", "call 3");
        assertThat(replica.latest("other", 10, OptionalInt.empty())).extracting(CallLogEntry::input).containsExactly("alone");
    }

    @Test
    void theTableKeepsOnlyTheNewestCallsOfEachDeployment() {
        PostgresCallLog replica = log("replica", 5, 100);
        for (int i = 0; i < 8; i++) {
            replica.add(call("scorer", 1, "call " + i));
        }
        replica.add(call("other", 1, "alone"));
        replica.latest("scorer", 1, OptionalInt.empty());
        for (int i = 8; i < 10; i++) {
            replica.add(call("scorer", 1, "call " + i));
        }

        assertThat(replica.latest("scorer", 100, OptionalInt.empty())).extracting(CallLogEntry::input)
                .containsExactly("call 9", "call 8", "call 7", "call 6", "call 5");
        assertThat(rows("SELECT count(*) FROM call_log WHERE deployment = 'scorer'")).isEqualTo(5);
        assertThat(replica.latest("other", 100, OptionalInt.empty())).extracting(CallLogEntry::input).containsExactly("alone");
    }

    @Test
    void aVersionPicksOnlyTheCallsItAnswered() {
        PostgresCallLog replica = log("replica", CallLog.KEPT_PER_DEPLOYMENT, 100);
        replica.add(call("scorer", 1, "old"));
        replica.add(call("scorer", 2, "new"));

        assertThat(replica.latest("scorer", 10, OptionalInt.of(1))).extracting(CallLogEntry::input).containsExactly("old");
    }

    @Test
    void aQueueThatCannotBeWrittenInTimeKeepsItsNewestCalls() {
        PostgresCallLog replica = log("replica", CallLog.KEPT_PER_DEPLOYMENT, 3);

        for (int i = 0; i < 10; i++) {
            replica.add(call("scorer", 1, "call " + i));
        }

        assertThat(replica.latest("scorer", 10, OptionalInt.empty())).extracting(CallLogEntry::input)
                .containsExactly("call 9", "call 8", "call 7");
    }

    @Test
    void theCallsOfADeletedDeploymentGoWithIt() throws SQLException {
        PostgresCallLog replica = log("replica", CallLog.KEPT_PER_DEPLOYMENT, 100);
        replica.add(call("scorer", 1, "before"));
        replica.latest("scorer", 10, OptionalInt.empty());
        replica.add(call("scorer", 1, "queued as it was deleted"));

        databases.execute("DELETE FROM deployments WHERE name = 'scorer'");
        databases.execute("INSERT INTO deployments (name, created_at) VALUES ('scorer', 1)");

        assertThat(replica.latest("scorer", 10, OptionalInt.empty())).extracting(CallLogEntry::input)
                .containsExactly("queued as it was deleted");
        assertThat(rows("SELECT count(*) FROM call_log WHERE entry LIKE '%before%'")).isZero();
    }

    private PostgresCallLog log(String node, int keptPerDeployment, int queueCapacity) {
        PostgresCallLog log = new PostgresCallLog(databases.open(), node, keptPerDeployment, queueCapacity, Duration.ofMillis(200));
        opened.add(log);
        return log;
    }

    private long rows(String countQuery) {
        return asAnOperator.read(handle -> handle.createQuery(countQuery).mapTo(Long.class).one());
    }

    private static CallRecord call(String deployment, int version, String input) {
        return new CallRecord(NOW, deployment, version, "latest", 1, 1_000, 200, null,
                new CallRecord.Excerpt(input.getBytes(StandardCharsets.UTF_8), input.length()), CallRecord.Excerpt.NONE);
    }
}
