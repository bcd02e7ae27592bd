package dev.inferd.store;

import dev.inferd.store.SchemaMigrations.Script;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMigrationsTest {
    private static final Clock FIRST_OPEN = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock LATER_OPEN = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Script CREATE_A = Script.named("V1__a.sql", "CREATE TABLE a (x INTEGER);");
    private static final Script CREATE_B = Script.named("V2__b.sql", "CREATE TABLE b (x INTEGER);\nCREATE TABLE c (x INTEGER);");

    @TempDir
    Path directory;

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", "10000");
        return DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("inferd.db"), properties);
    }

    private void migrate(Clock clock, Script... scripts) throws SQLException {
        try (Connection connection = connect()) {
            new SchemaMigrations(List.of(scripts), List.of("BEGIN IMMEDIATE"), clock).migrate(connection);
        }
    }

    /** As the inferds before SchemaMigrations did, up to the given Flyway target version. */
    private void migrateWithFlyway(String targetVersion) {
        Flyway.configure()
                .dataSource("jdbc:sqlite:" + directory.resolve("inferd.db"), null, null)
                .locations("classpath:db/migration")
                .target(targetVersion)
                .load()
                .migrate();
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private List<String> tables() throws SQLException {
        return query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    }

    @Test
    void aNewDatabaseGetsEveryShippedScript() throws SQLException {
        try (Connection connection = connect()) {
            SchemaMigrations.forSqlite(FIRST_OPEN).migrate(connection);
        }

        assertThat(query("SELECT script FROM schema_migrations ORDER BY version")).isEqualTo(SchemaMigrations.SHIPPED);
        assertThat(tables()).contains("deployments", "versions", "aliases", "api_keys", "jobs");
    }

    @Test
    void migratingAnUpToDateDatabaseAgainChangesNothing() throws SQLException {
        migrate(FIRST_OPEN, CREATE_A, CREATE_B);

        migrate(LATER_OPEN, CREATE_A, CREATE_B);

        assertThat(query("SELECT applied_at FROM schema_migrations"))
                .containsOnly(String.valueOf(FIRST_OPEN.millis()))
                .hasSize(2);
    }

    @Test
    void onlyTheScriptsTheDatabaseLacksAreApplied() throws SQLException {
        migrate(FIRST_OPEN, CREATE_A);

        migrate(LATER_OPEN, CREATE_A, CREATE_B);

        assertThat(query("SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY version"))
                .containsExactly("1 " + FIRST_OPEN.millis(), "2 " + LATER_OPEN.millis());
        assertThat(tables()).contains("a", "b", "c");
    }

    @Test
    void scriptsAreAppliedInVersionOrderWhateverTheOrderGiven() throws SQLException {
        Script alterA = Script.named("V2__alter_a.sql", "ALTER TABLE a ADD COLUMN y TEXT;");

        migrate(FIRST_OPEN, alterA, CREATE_A);

        assertThat(query("SELECT name FROM pragma_table_info('a') ORDER BY cid")).containsExactly("x", "y");
    }

    @Test
    void aScriptThatFailsLeavesTheDatabaseAsItWas() throws SQLException {
        migrate(FIRST_OPEN, CREATE_A);
        Script broken = Script.named("V2__broken.sql", "CREATE TABLE b (x INTEGER);\nCREATE TABLE oops (;");

        assertThatThrownBy(() -> migrate(LATER_OPEN, CREATE_A, broken)).isInstanceOf(SQLException.class);

        assertThat(tables()).containsExactly("a", "schema_migrations");
        assertThat(query("SELECT version FROM schema_migrations")).containsExactly("1");
    }

    @Test
    void aFailedFirstMigrationLeavesAnEmptyDatabase() throws SQLException {
        Script broken = Script.named("V2__broken.sql", "CREATE TABLE oops (;");

        assertThatThrownBy(() -> migrate(FIRST_OPEN, CREATE_A, broken)).isInstanceOf(SQLException.class);

        assertThat(tables()).isEmpty();
    }

    @Test
    void aDatabaseWithAVersionThisBuildDoesNotShipIsRefused() throws SQLException {
        migrate(FIRST_OPEN, CREATE_A, CREATE_B);

        assertThatThrownBy(() -> migrate(LATER_OPEN, CREATE_A))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version 2")
                .hasMessageContaining("a newer inferd wrote it");
    }

    @Test
    void aScriptChangedAfterItWasAppliedIsRefused() throws SQLException {
        migrate(FIRST_OPEN, CREATE_A);
        Script changed = Script.named("V1__a.sql", "CREATE TABLE a (x INTEGER, y INTEGER);");

        assertThatThrownBy(() -> migrate(LATER_OPEN, changed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V1__a.sql")
                .hasMessageContaining("must not change");
    }

    @Test
    void lineEndingsDoNotChangeAScriptsChecksum() {
        Script unix = Script.named("V1__a.sql", "CREATE TABLE a (x INTEGER);\nCREATE TABLE b (x INTEGER);\n");
        Script windows = Script.named("V1__a.sql", "CREATE TABLE a (x INTEGER);\r\nCREATE TABLE b (x INTEGER);\r\n");

        assertThat(windows.checksum()).isEqualTo(unix.checksum());
    }

    @Test
    void scriptNamesMustCarryAVersion() {
        assertThatThrownBy(() -> Script.named("create_tables.sql", "CREATE TABLE a (x INTEGER);"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("V<version>__<description>.sql");
    }

    @Test
    void twoScriptsWithOneVersionAreRefused() {
        Script otherV1 = Script.named("V1__other.sql", "CREATE TABLE other (x INTEGER);");

        assertThatThrownBy(() -> new SchemaMigrations(List.of(CREATE_A, otherV1), List.of("BEGIN IMMEDIATE"), FIRST_OPEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 1");
    }

    @Test
    void twoOpenersOfANewDatabaseAtOnceMigrateItOnce() throws Exception {
        ExecutorService openers = Executors.newFixedThreadPool(2);
        try {
            Callable<Void> open = () -> {
                migrate(FIRST_OPEN, CREATE_A, CREATE_B);
                return null;
            };
            List<Future<Void>> opened = openers.invokeAll(List.of(open, open));
            for (Future<Void> each : opened) {
                each.get();
            }
        } finally {
            openers.shutdownNow();
        }

        assertThat(query("SELECT version FROM schema_migrations ORDER BY version")).containsExactly("1", "2");
    }

    @Test
    void aDatabaseFlywayMigratedIsTakenOverWithoutRunningAScriptAgain() throws SQLException {
        migrateWithFlyway("latest");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO deployments (name, created_at) VALUES ('kept', 1)");
        }

        try (Connection connection = connect()) {
            SchemaMigrations.forSqlite(LATER_OPEN).migrate(connection);
        }

        assertThat(query("SELECT script FROM schema_migrations ORDER BY version")).isEqualTo(SchemaMigrations.SHIPPED);
        assertThat(query("SELECT name FROM deployments")).containsExactly("kept");
    }

    @Test
    void aDatabaseFlywayMigratedPartlyGetsTheRemainingScripts() throws SQLException {
        migrateWithFlyway("2");

        try (Connection connection = connect()) {
            SchemaMigrations.forSqlite(LATER_OPEN).migrate(connection);
        }

        assertThat(query("SELECT script FROM schema_migrations ORDER BY version")).isEqualTo(SchemaMigrations.SHIPPED);
        assertThat(tables()).contains("jobs");
    }

    @Test
    void aFlywayVersionThisBuildDoesNotShipIsRefusedAndTheDatabaseLeftAsItWas() throws SQLException {
        migrateWithFlyway("latest");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO flyway_schema_history "
                    + "(installed_rank, version, description, type, script, installed_by, execution_time, success) "
                    + "VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 'someone', 1, 1)");
        }

        assertThatThrownBy(() -> {
            try (Connection connection = connect()) {
                SchemaMigrations.forSqlite(LATER_OPEN).migrate(connection);
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("version 99");

        assertThat(tables()).doesNotContain("schema_migrations");
    }

    @Test
    void aVersionMissingBelowTheNewestAppliedIsRefused() throws SQLException {
        Script createD = Script.named("V3__d.sql", "CREATE TABLE d (x INTEGER);");
        migrate(FIRST_OPEN, CREATE_A, createD);

        assertThatThrownBy(() -> migrate(LATER_OPEN, CREATE_A, CREATE_B, createD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version 3 but not 2 (V2__b.sql)");
        assertThat(tables()).doesNotContain("b");
    }

    @Test
    void aFailingScriptIsNamedInTheError() {
        Script broken = Script.named("V2__broken.sql", "CREATE TABLE oops (;");

        assertThatThrownBy(() -> migrate(FIRST_OPEN, CREATE_A, broken))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("V2__broken.sql: ");
    }

    @Test
    void theShippedListNamesEveryScriptInTheMigrationFolder() throws IOException {
        assertThat(SchemaMigrations.SHIPPED).isEqualTo(scriptsIn("db/migration"));
    }

    @Test
    void thePostgresListNamesEveryScriptInItsFolder() throws IOException {
        assertThat(SchemaMigrations.SHIPPED_FOR_POSTGRES).isEqualTo(scriptsIn("db/postgresql"));
    }

    private static List<String> scriptsIn(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources").resolve(folder))) {
            return files.map(file -> file.getFileName().toString())
                    .sorted(Comparator.comparingInt((String name) -> Script.named(name, "").version()))
                    .toList();
        }
    }
}
