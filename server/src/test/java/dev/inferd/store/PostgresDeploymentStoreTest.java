package dev.inferd.store;

import dev.inferd.registry.DeploymentStore;
import dev.inferd.registry.DeploymentStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deployment store contract on PostgreSQL, and how replicas starting together migrate its schema. */
class PostgresDeploymentStoreTest extends DeploymentStoreContract {
    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    @Override
    protected DeploymentStore openStore() {
        return new SqlDeploymentStore(databases.open());
    }

    @Test
    void aDatabaseANewerInferdMigratedIsRefusedNamingIt() throws Exception {
        databases.open();
        databases.execute("INSERT INTO schema_migrations (version, script, checksum, applied_at) "
                + "VALUES (99, 'V99__from_the_future.sql', 'x', 0)");

        assertThatThrownBy(databases::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(databases.url().description())
                .hasMessageContaining("a newer inferd wrote it");
    }

    @Test
    void replicasOpeningANewDatabaseTogetherMigrateItOnce() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<PostgresDatabase>> opening = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opening.add(threads.submit(() -> {
                    start.await();
                    return databases.open();
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<PostgresDatabase> database : opening) {
                assertThat(database.get(60, java.util.concurrent.TimeUnit.SECONDS).migrated()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        java.util.List<Integer> versions = new java.util.ArrayList<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(databases.jdbcUrl());
             java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT version FROM schema_migrations ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        assertThat(versions).containsExactly(1);
    }
}
