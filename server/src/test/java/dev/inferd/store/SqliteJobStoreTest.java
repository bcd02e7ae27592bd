package dev.inferd.store;

import dev.inferd.invoke.async.AsyncJob;
import dev.inferd.invoke.async.JobOwner;
import dev.inferd.invoke.async.JobStore;
import dev.inferd.invoke.async.JobStoreContract;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The job store contract on SQLite, and the jobs of a database from before leases. */
class SqliteJobStoreTest extends JobStoreContract {
    @RegisterExtension
    final SqliteDataDirectory data = new SqliteDataDirectory();

    @Override
    protected JobStore openStore() {
        return new SqlJobStore(data.open());
    }

    @Test
    void jobsAnInferdWithoutLeasesWasRunningAreClaimedAtOnce() throws SQLException {
        String url = "jdbc:sqlite:" + data.directory().resolve(SqliteDatabase.FILE_NAME);
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String row : new String[] {"'was_running', 'RUNNING', 1", "'was_queued', 'QUEUED', 2"}) {
                statement.executeUpdate("INSERT INTO jobs (id, status, created_at, deployment, version, request, webhook, "
                        + "ignore_webhook_timeout, deliveries) VALUES (" + row + ", 'scorer', 1, x'7b7d', 'https://example.com/h', 0, 0)");
            }
        }
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        JobStore store = openStore();

        assertThat(store.claimJobs(new JobOwner("local", "first-with-leases"), now, now.plusSeconds(30), 5))
                .extracting(AsyncJob::id).containsExactly("was_running", "was_queued");
    }

    /** One server per SQLite file: after its restart, no delivery attempt is running. */
    @Test
    void resumingMakesEveryUndeliveredResultDueNow() {
        JobStore store = openStore();
        finished(store, "leased", T0);
        store.leaseDelivery("leased", T0.plusSeconds(300));
        finished(store, "retrying", T0);
        store.deliveryFailed("retrying", "the receiver answered 503", Optional.of(T0.plusSeconds(60)));
        finished(store, "due", T0);
        finished(store, "delivered", T0);
        store.deliveryAccepted("delivered", T0);
        finished(store, "given_up", T0);
        store.deliveryFailed("given_up", "the receiver answered 404", Optional.empty());

        assertThat(store.resumeDeliveries(T0.plusSeconds(1))).isEqualTo(2);

        assertThat(store.dueDeliveries(T0.plusSeconds(1), 10)).extracting(AsyncJob::id)
                .containsExactlyInAnyOrder("leased", "retrying", "due");
    }

}
