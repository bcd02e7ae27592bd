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

import static org.assertj.core.api.Assertions.assertThat;

/** The job store contract on SQLite, and the jobs of a database from before leases. */
class SqliteJobStoreTest extends JobStoreContract {
    @RegisterExtension
    final SqliteDataDirectory data = new SqliteDataDirectory();

    @Override
    protected JobStore openStore() {
        return new SqliteJobStore(data.open());
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
}
