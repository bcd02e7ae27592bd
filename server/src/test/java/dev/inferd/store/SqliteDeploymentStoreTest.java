package dev.inferd.store;

import dev.inferd.registry.DeploymentStore;
import dev.inferd.registry.DeploymentStoreContract;
import dev.inferd.registry.DeploymentVersion;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deployment store contract on SQLite, and what only a SQLite file has: databases older inferds or Flyway wrote. */
class SqliteDeploymentStoreTest extends DeploymentStoreContract {
    @RegisterExtension
    final SqliteDataDirectory data = new SqliteDataDirectory();

    @Override
    protected DeploymentStore openStore() {
        return new SqlDeploymentStore(data.open());
    }

    private String url() {
        return "jdbc:sqlite:" + data.directory().resolve(SqliteDatabase.FILE_NAME);
    }

    @Test
    void aDatabaseFromBeforeTheVersionCounterNumbersOnAfterItsHighestVersion() throws SQLException {
        Flyway.configure().dataSource(url(), null, null).locations("classpath:db/migration").target("3").load().migrate();
        try (Connection connection = DriverManager.getConnection(url()); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO deployments (name, created_at) VALUES ('scorer', " + NOW.toEpochMilli() + ")");
            for (int number : new int[] {1, 5}) {
                statement.executeUpdate("INSERT INTO versions (deployment, number, runtime, main, content_hash, created_at) "
                        + "VALUES ('scorer', " + number + ", 'java', 'Scorer#score', '" + HASH_A + "', " + NOW.toEpochMilli() + ")");
            }
        }

        DeploymentStore store = openStore();
        store.deleteDeployment(SCORER);

        assertThat(store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW).version().number()).isEqualTo(6);
    }

    @Test
    void aDatabaseThatFlywayMigratedOpensWithEverythingInIt() throws SQLException {
        Flyway.configure().dataSource(url(), null, null).locations("classpath:db/migration").load().migrate();
        try (Connection connection = DriverManager.getConnection(url()); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO deployments (name, created_at) VALUES ('scorer', " + NOW.toEpochMilli() + ")");
            statement.executeUpdate("INSERT INTO versions (deployment, number, runtime, main, content_hash, created_at) "
                    + "VALUES ('scorer', 1, 'java', 'Scorer#score', '" + HASH_A + "', " + NOW.toEpochMilli() + ")");
        }

        DeploymentStore store = openStore();

        assertThat(only(store.loadAll()).versionList()).containsExactly(
                new DeploymentVersion(SCORER, 1, "java", "Scorer#score", HASH_A, NOW, OptionalInt.empty()));
    }

    @Test
    void aDatabaseANewerInferdMigratedIsRefusedNamingItsFile() throws SQLException {
        data.open().close();
        try (Connection connection = DriverManager.getConnection(url()); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO schema_migrations (version, script, checksum, applied_at) "
                    + "VALUES (99, 'V99__from_the_future.sql', 'x', 0)");
        }

        assertThatThrownBy(data::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(data.directory().resolve(SqliteDatabase.FILE_NAME).toString())
                .hasMessageContaining("a newer inferd wrote it");
    }
}
