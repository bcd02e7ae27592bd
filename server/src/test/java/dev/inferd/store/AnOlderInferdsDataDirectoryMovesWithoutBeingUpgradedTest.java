package dev.inferd.store;

import dev.inferd.invoke.async.AsyncJob;
import dev.inferd.invoke.async.JobOwner;
import dev.inferd.registry.DeploymentName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory last used by an inferd whose schema is older than this one's (here: before the
 * change feed and job leases of V5) is read as this inferd reads it, and its database file is not
 * upgraded, so the older inferd can still start on it.
 */
class AnOlderInferdsDataDirectoryMovesWithoutBeingUpgradedTest {
    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();
    @TempDir
    Path dataDirectory;

    @Test
    void itsStateIsCopiedAndItsDatabaseFileStaysAtItsSchema() throws SQLException, IOException {
        StateOfAServerThatRanAlone.StoredBundle bundle = StateOfAServerThatRanAlone.bundle(1, 0);
        new FileArtifactStore(dataDirectory.resolve("artifacts")).put(bundle.contentHash(), ArtifactBytes.content(bundle.zip()));
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("inferd.db"));
             Statement statement = sqlite.createStatement()) {
            new SchemaMigrations(SchemaMigrations.read("db/migration", SchemaMigrations.SHIPPED.subList(0, 4)),
                    List.of("BEGIN IMMEDIATE"), Clock.systemUTC()).migrate(sqlite);
            statement.executeUpdate("INSERT INTO deployments (name, created_at) VALUES ('scorer', 1)");
            statement.executeUpdate("INSERT INTO versions (deployment, number, runtime, main, content_hash, created_at) "
                    + "VALUES ('scorer', 5, 'python', 'add', '" + bundle.contentHash() + "', 1)");
            statement.executeUpdate("INSERT INTO version_counters (deployment, highest) VALUES ('scorer', 7)");
            statement.executeUpdate("INSERT INTO jobs (id, deployment, version, request, webhook, ignore_webhook_timeout, "
                    + "status, created_at, deliveries) VALUES ('was-running', 'scorer', 5, X'7b7d', 'https://example.com/', 0, 'RUNNING', 1, 0)");
        }
        // The lock file, as the server that used the directory left it.
        DataDirectoryLock.acquire(dataDirectory).close();
        Map<Path, byte[]> before = ASqliteDataDirectoryMovesToPostgresTest.filesIn(dataDirectory);

        ASqliteDataDirectoryMovesToPostgresTest.copier().copy(dataDirectory, databases.url());

        PostgresDatabase postgres = databases.open();
        assertThat(new SqlDeploymentStore(postgres).nextVersionNumber(new DeploymentName("scorer"))).isEqualTo(8);
        Instant now = Instant.now();
        assertThat(new SqlJobStore(postgres).claimJobs(new JobOwner("replica-1", "run1"), now, now.plusSeconds(30), 10))
                .extracting(AsyncJob::id).containsExactly("was-running");
        assertThat(ASqliteDataDirectoryMovesToPostgresTest.filesIn(dataDirectory)).containsOnlyKeys(before.keySet().toArray(Path[]::new))
                .allSatisfy((file, bytes) -> assertThat(bytes).as(file.toString()).isEqualTo(before.get(file)));
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("inferd.db"));
             Statement statement = sqlite.createStatement();
             ResultSet versions = statement.executeQuery("SELECT version FROM schema_migrations ORDER BY version")) {
            List<Integer> applied = new ArrayList<>();
            while (versions.next()) {
                applied.add(versions.getInt(1));
            }
            assertThat(applied).containsExactly(1, 2, 3, 4);
        }
    }
}
