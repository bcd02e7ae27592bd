package dev.inferd.store;

import dev.inferd.auth.ApiKeys;
import dev.inferd.config.DatabaseUrl;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A copy that is refused, or fails part-way, says why and leaves the PostgreSQL database as it
 * was, and the data directory too.
 */
class AMoveToPostgresThatCannotBeDoneWritesNothingTest {
    /** Every table the copy writes to. */
    private static final List<String> COPIED_TABLES = List.of("deployments", "versions", "aliases", "version_counters",
            "deployment_changes", "api_keys", "artifacts", "artifact_chunks", "jobs", "result_links", "server_secrets");

    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();
    @TempDir
    Path dataDirectory;

    private StateOfAServerThatRanAlone state;

    @BeforeEach
    void aServerRanAloneOnTheDataDirectory() {
        state = StateOfAServerThatRanAlone.writeTo(dataDirectory);
    }

    private SqliteToPostgres.Copied copy() {
        return ASqliteDataDirectoryMovesToPostgresTest.copier().copy(dataDirectory, databases.url());
    }

    @Test
    void aDatabaseThatHoldsDeploymentsAlreadyIsRefusedAndKeepsOnlyItsOwn() {
        DeploymentStore theirs = new SqlDeploymentStore(databases.open());
        theirs.addVersion(new DeploymentName("theirs"),
                new DeploymentStore.VersionDraft("python", "add", "e".repeat(64), OptionalInt.empty()), Instant.now());

        assertThatThrownBy(this::copy).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds inferd state (1 deployment, 1 deployment name with version numbers)")
                .hasMessageEndingWith("nothing was copied");

        assertThat(theirs.loadAll()).extracting(deployment -> deployment.name().value()).containsExactly("theirs");
    }

    @Test
    void aDatabaseThatHoldsKeysAlreadyIsRefused() throws SQLException {
        new ApiKeys(new SqlKeyStore(databases.open()), Clock.systemUTC(), new SecureRandom()).create("theirs", Optional.empty(), true);

        assertThatThrownBy(this::copy).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds inferd state (1 API key)");

        assertThat(rowsIn(List.of("deployments", "api_keys", "artifacts", "jobs")))
                .containsExactly(Map.entry("deployments", 0L), Map.entry("api_keys", 1L), Map.entry("artifacts", 0L),
                        Map.entry("jobs", 0L));
    }

    @Test
    void aDataDirectoryThatAServerIsUsingIsRefused() throws SQLException {
        try (DataDirectoryLock server = DataDirectoryLock.acquire(dataDirectory)) {
            assertThatThrownBy(this::copy).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("an inferd server is using the data directory " + dataDirectory.toAbsolutePath())
                    .hasMessageContaining("stop it first");
        }

        databases.open();
        assertThat(rowsIn(COPIED_TABLES)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    @Test
    void aDataDirectoryWithoutADatabaseIsRefusedAndLeftWithoutOne() throws IOException {
        Path empty = Files.createDirectory(dataDirectory.resolve("empty"));

        assertThatThrownBy(() -> ASqliteDataDirectoryMovesToPostgresTest.copier().copy(empty, databases.url()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("there is no inferd database in " + empty.toAbsolutePath()
                        + " (no inferd.db); pass the --data-dir of the server whose state to copy");

        try (var files = Files.list(empty)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDataDirectoryThatIsNotThereIsRefusedAndNotCreated() {
        Path missing = dataDirectory.resolve("missing");

        assertThatThrownBy(() -> ASqliteDataDirectoryMovesToPostgresTest.copier().copy(missing, databases.url()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("there is no inferd database in " + missing.toAbsolutePath());

        assertThat(missing).doesNotExist();
    }

    @Test
    void aVersionWhoseBundleIsMissingIsRefusedByName() throws IOException, SQLException {
        Files.delete(state.bundleFile("scorer/2"));

        assertThatThrownBy(this::copy).isInstanceOf(IllegalStateException.class)
                .hasMessage("the bundle of scorer/2 is missing: there is no " + state.bundleFile("scorer/2")
                        + "; restore it from a backup, or delete the version: nothing was copied");

        assertThat(rowsIn(COPIED_TABLES)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    @Test
    void aVersionWhoseBundleDoesNotHoldItsFilesIsRefusedByName() throws IOException, SQLException {
        Files.write(state.bundleFile("scorer/2"), StateOfAServerThatRanAlone.bundle(99, 0).zip());

        assertThatThrownBy(this::copy).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the bundle of scorer/2 in " + state.bundleFile("scorer/2") + " does not match its content hash");

        assertThat(rowsIn(COPIED_TABLES)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    @Test
    void aVersionWhoseBundleIsNotAZipIsRefusedByName() throws IOException {
        Files.write(state.bundleFile("big/1"), new byte[] {1, 2, 3});

        assertThatThrownBy(this::copy).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the bundle of big/1 in " + state.bundleFile("big/1") + " cannot be read (");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsRefusedWithoutShowingItsPassword() throws IOException {
        Map<Path, byte[]> before = ASqliteDataDirectoryMovesToPostgresTest.filesIn(dataDirectory);
        DatabaseUrl nowhere = DatabaseUrl.parse("postgresql://inferd:s3cret-word@127.0.0.1:1/inferd");

        assertThatThrownBy(() -> ASqliteDataDirectoryMovesToPostgresTest.copier().copy(dataDirectory, nowhere))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("PostgreSQL 127.0.0.1:1/inferd as inferd")
                .hasMessageContaining("cannot be reached")
                .hasMessageNotContaining("s3cret-word");

        Map<Path, byte[]> after = ASqliteDataDirectoryMovesToPostgresTest.filesIn(dataDirectory);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    }

    /**
     * SQLite keeps a value longer than its column's declared length, PostgreSQL refuses it: a job
     * whose webhook is too long fails the copy after the deployments, keys and bundles went in.
     */
    @Test
    void aFailurePartWayLeavesTheDatabaseAsItWasAndQuotesNoneOfTheRow() throws SQLException {
        String longWebhook = "https://example.com/" + "w".repeat(5000);
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("inferd.db"));
             PreparedStatement insert = sqlite.prepareStatement("INSERT INTO jobs (id, deployment, version, request, webhook, "
                     + "ignore_webhook_timeout, status, created_at, deliveries) VALUES ('zz-long', 'scorer', 2, X'00', ?, 0, 'QUEUED', 0, 0)")) {
            insert.setString(1, longWebhook);
            insert.executeUpdate();
        }

        assertThatThrownBy(this::copy).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot copy the async jobs: value too long for type character varying(4096); nothing was copied")
                .hasMessageNotContaining("wwww");

        assertThat(rowsIn(COPIED_TABLES)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    /** Rows in each table of the test's PostgreSQL database. */
    private Map<String, Long> rowsIn(List<String> tables) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(databases.jdbcUrl());
             Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    count.next();
                    rows.put(table, count.getLong(1));
                }
            }
        }
        return rows;
    }
}
