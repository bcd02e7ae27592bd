package dev.inferd.store;

import dev.inferd.registry.AliasName;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentStore;
import dev.inferd.registry.DeploymentVersion;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteDeploymentStoreTest {
    private static final DeploymentName SCORER = new DeploymentName("scorer");
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @TempDir
    Path directory;

    private SqliteDatabase open() {
        return SqliteDatabase.inDataDirectory(directory);
    }

    private static Deployment only(List<Deployment> all) {
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void versionsAreNumberedFromOnePerDeployment() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            DeploymentVersion first = store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            DeploymentVersion second = store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW);
            DeploymentVersion other = store.addVersion(new DeploymentName("other"), draft("java", "Other#run", HASH_A), NOW);

            assertThat(first.number()).isEqualTo(1);
            assertThat(second.number()).isEqualTo(2);
            assertThat(other.number()).isEqualTo(1);
        }
    }

    @Test
    void aNameDeletedAndDeployedAgainNumbersOnAfterItsHighestVersion() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW);
            store.deleteDeployment(SCORER);

            assertThat(store.nextVersionNumber(SCORER)).isEqualTo(3);
            assertThat(store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW).number()).isEqualTo(3);
        }
    }

    @Test
    void aDeletedNewestVersionsNumberIsNotGivenAgain() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW);

            assertThat(store.deleteVersion(SCORER, 2)).isTrue();

            assertThat(store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW).number()).isEqualTo(3);
            assertThat(only(store.loadAll()).versions().keySet()).containsExactly(1, 3);
        }
    }

    @Test
    void aVersionAnAliasPointsAtIsNotDeletedNorIsItsAlias() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW);
            store.putAlias(SCORER, new AliasName("stable"), 1, NOW);

            assertThat(store.deleteVersion(SCORER, 1)).isFalse();
            assertThat(store.deleteVersion(SCORER, 7)).isFalse();

            assertThat(only(store.loadAll()).versions().keySet()).containsExactly(1, 2);
            assertThat(only(store.loadAll()).aliasMap()).isEqualTo(Map.of("stable", 1));
        }
    }

    @Test
    void aDatabaseFromBeforeTheVersionCounterNumbersOnAfterItsHighestVersion() throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("inferd.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("3").load().migrate();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO deployments (name, created_at) VALUES ('scorer', " + NOW.toEpochMilli() + ")");
            for (int number : new int[] {1, 5}) {
                statement.executeUpdate("INSERT INTO versions (deployment, number, runtime, main, content_hash, created_at) "
                        + "VALUES ('scorer', " + number + ", 'java', 'Scorer#score', '" + HASH_A + "', " + NOW.toEpochMilli() + ")");
            }
        }

        try (SqliteDatabase database = open()) {

            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.deleteDeployment(SCORER);

            assertThat(store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW).number()).isEqualTo(6);
        }
    }

    @Test
    void everythingWrittenIsLoadedAgainByANewStoreOnTheSameFile() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.addVersion(SCORER, draft("python", "score", HASH_B), NOW.plusSeconds(1));
            store.putAlias(SCORER, new AliasName("stable"), 1, NOW);
        }

        try (SqliteDatabase database = open()) {

            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            Deployment loaded = only(store.loadAll());

            assertThat(loaded.name()).isEqualTo(SCORER);
            assertThat(loaded.versionList()).containsExactly(
                    new DeploymentVersion(SCORER, 1, "java", "Scorer#score", HASH_A, NOW, OptionalInt.empty()),
                    new DeploymentVersion(SCORER, 2, "python", "score", HASH_B, NOW.plusSeconds(1), OptionalInt.empty()));
            assertThat(loaded.aliasMap()).isEqualTo(Map.of("stable", 1));
        }
    }

    @Test
    void aDatabaseThatFlywayMigratedOpensWithEverythingInIt() throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("inferd.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO deployments (name, created_at) VALUES ('scorer', " + NOW.toEpochMilli() + ")");
            statement.executeUpdate("INSERT INTO versions (deployment, number, runtime, main, content_hash, created_at) "
                    + "VALUES ('scorer', 1, 'java', 'Scorer#score', '" + HASH_A + "', " + NOW.toEpochMilli() + ")");
        }

        try (SqliteDatabase database = open()) {

            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            assertThat(only(store.loadAll()).versionList()).containsExactly(
                    new DeploymentVersion(SCORER, 1, "java", "Scorer#score", HASH_A, NOW, OptionalInt.empty()));
        }
    }

    @Test
    void aDatabaseANewerInferdMigratedIsRefusedNamingItsFile() throws SQLException {
        open().close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("inferd.db"));
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO schema_migrations (version, script, checksum, applied_at) "
                    + "VALUES (99, 'V99__from_the_future.sql', 'x', 0)");
        }

        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(directory.resolve("inferd.db").toString())
                .hasMessageContaining("a newer inferd wrote it");
    }

    @Test
    void puttingAnAliasAgainMovesIt() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW);
            store.putAlias(SCORER, new AliasName("stable"), 1, NOW);

            store.putAlias(SCORER, new AliasName("stable"), 2, NOW);

            assertThat(only(store.loadAll()).aliasMap()).isEqualTo(Map.of("stable", 2));
        }
    }

    @Test
    void deletingAnAliasSaysWhetherThereWasOne() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.putAlias(SCORER, new AliasName("stable"), 1, NOW);

            assertThat(store.deleteAlias(SCORER, new AliasName("stable"))).isTrue();
            assertThat(store.deleteAlias(SCORER, new AliasName("stable"))).isFalse();
            assertThat(only(store.loadAll()).aliasMap()).isEmpty();
        }
    }

    @Test
    void deletingADeploymentRemovesItsVersionsAndAliases() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW);
            store.putAlias(SCORER, new AliasName("stable"), 2, NOW);

            assertThat(store.deleteDeployment(SCORER)).isTrue();
            assertThat(store.deleteDeployment(SCORER)).isFalse();
            assertThat(store.loadAll()).isEmpty();
        }
    }

    @Test
    void referencedContentHashesAreThoseOfTheRemainingVersions() {
        try (SqliteDatabase database = open()) {
            SqliteDeploymentStore store = new SqliteDeploymentStore(database);
            store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
            store.addVersion(new DeploymentName("other"), draft("java", "Other#run", HASH_B), NOW);
            store.addVersion(new DeploymentName("third"), draft("java", "Other#run", HASH_B), NOW);

            store.deleteDeployment(new DeploymentName("other"));

            assertThat(store.referencedContentHashes()).containsExactlyInAnyOrder(HASH_A, HASH_B);
            store.deleteDeployment(SCORER);
            assertThat(store.referencedContentHashes()).containsExactly(HASH_B);
        }
    }

    private static DeploymentStore.VersionDraft draft(String runtime, String main, String hash) {
        return new DeploymentStore.VersionDraft(runtime, main, hash, OptionalInt.empty());
    }
}
