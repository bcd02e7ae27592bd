package dev.inferd.store;

import dev.inferd.auth.ApiKey;
import dev.inferd.auth.ApiKeys;
import dev.inferd.bundle.BundleZip;
import dev.inferd.invoke.async.AsyncJob;
import dev.inferd.invoke.async.JobOwner;
import dev.inferd.registry.DeployResult;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.inferd.store.StateOfAServerThatRanAlone.BIG;
import static dev.inferd.store.StateOfAServerThatRanAlone.RETIRED;
import static dev.inferd.store.StateOfAServerThatRanAlone.SCORER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inferd migrate-to}'s copy: the state a server left in its SQLite data directory reads back
 * from PostgreSQL through the stores replicas use, as it was.
 */
class ASqliteDataDirectoryMovesToPostgresTest {
    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();
    @TempDir
    Path dataDirectory;
    @TempDir
    Path replicaDirectory;

    private StateOfAServerThatRanAlone before;
    private Map<Path, byte[]> filesBefore;
    private SqliteToPostgres.Copied copied;

    @BeforeEach
    void moveAServersStateToPostgres() throws IOException {
        before = StateOfAServerThatRanAlone.writeTo(dataDirectory);
        filesBefore = filesIn(dataDirectory);
        copied = copier().copy(dataDirectory, databases.url());
    }

    static SqliteToPostgres copier() {
        return new SqliteToPostgres(new BundleZip(Long.MAX_VALUE), Clock.systemUTC());
    }

    @Test
    void deploymentsReadBackAsTheyWereWithTheirVersionNumbersAndAliases() {
        assertThat(new SqlDeploymentStore(databases.open()).loadAll()).isEqualTo(before.deployments());
        assertThat(before.deployments()).extracting(deployment -> deployment.name().value()).containsExactly("big", "scorer");
        assertThat(before.deployments().get(1).versions()).containsOnlyKeys(1, 2);
        assertThat(before.deployments().get(1).aliases()).containsExactly(Map.entry("official", 1));
    }

    @Test
    void theNextVersionNumberComesAfterTheHighestEverGivenEvenToDeletedVersions() {
        DeploymentStore deployments = new SqlDeploymentStore(databases.open());

        DeployResult deployed = deployments.addVersion(SCORER,
                new DeploymentStore.VersionDraft("python", "add", "f".repeat(64), OptionalInt.empty()), Instant.now());

        assertThat(deployed.version().number()).isEqualTo(4);
        assertThat(deployments.nextVersionNumber(RETIRED)).isEqualTo(3);
        assertThat(deployments.nextVersionNumber(BIG)).isEqualTo(2);
    }

    @Test
    void everyBundleAVersionUsesReadsBackByteForByteTheLargeOneInChunks() throws SQLException {
        SharedArtifactStore artifacts = new SharedArtifactStore(databases.open(), new FileArtifactStore(replicaDirectory),
                Clock.systemUTC());

        for (String version : List.of("scorer/1", "scorer/2", "big/1")) {
            StateOfAServerThatRanAlone.StoredBundle bundle = before.bundles().get(version);
            assertThat(artifacts.file(bundle.contentHash()).map(ArtifactBytes::read)).as(version).hasValue(bundle.zip());
        }
        assertThat(before.bundles().get("big/1").zip().length).isGreaterThan(SharedArtifactStore.CHUNK_BYTES);
        assertThat(count("SELECT COUNT(*) FROM artifact_chunks WHERE content_hash = '"
                + before.bundles().get("big/1").contentHash() + "'")).isEqualTo(2);
    }

    @Test
    void bundlesNoVersionUsesStayBehind() throws SQLException {
        assertThat(count("SELECT COUNT(*) FROM artifacts")).isEqualTo(3);
    }

    @Test
    void theKeysStillVerifyWithTheirScopes() {
        ApiKeys keys = new ApiKeys(new SqlKeyStore(databases.open()), Clock.systemUTC(), new SecureRandom());
        keys.refresh();

        assertThat(keys.find(before.adminKey())).get().extracting(ApiKey::name, ApiKey::admin).containsExactly("admin", true);
        ApiKey scorerClient = keys.find(before.scorerKey()).orElseThrow();
        assertThat(scorerClient.mayCall("scorer")).isTrue();
        assertThat(scorerClient.mayCall("big")).isFalse();
    }

    @Test
    void theQueuedJobAndTheOneThatWasRunningAreClaimedAtOnce() {
        SqlJobStore jobs = new SqlJobStore(databases.open());
        Instant now = Instant.now();

        List<AsyncJob> claimed = jobs.claimJobs(new JobOwner("replica-1", "run1"), now, now.plusSeconds(30), 10);

        assertThat(claimed).extracting(AsyncJob::id).containsExactly("running", "queued");
        assertThat(claimed).allSatisfy(job -> assertThat(job.request()).isEqualTo(StateOfAServerThatRanAlone.REQUEST));
    }

    @Test
    void theUndeliveredResultIsDueAtOnce() {
        SqlJobStore jobs = new SqlJobStore(databases.open());

        List<AsyncJob> due = jobs.dueDeliveries(Instant.now(), 10);

        assertThat(due).extracting(AsyncJob::id).containsExactly("finished");
        assertThat(due.get(0).status()).isEqualTo(AsyncJob.Status.DONE);
        assertThat(due.get(0).result()).hasValue(StateOfAServerThatRanAlone.RESULT);
        assertThat(due.get(0).resultStatus()).hasValue(200);
    }

    @Test
    void theOpenResultLinkIsReadWithTheSecretThatSignedItAndTheExpiredOneStaysBehind() throws SQLException {
        SqlJobStore jobs = new SqlJobStore(databases.open());

        assertThat(jobs.resultLink("open", Instant.now())).hasValue(StateOfAServerThatRanAlone.LINK_BODY);
        assertThat(count("SELECT COUNT(*) FROM result_links WHERE id = 'expired'")).isZero();
        try (Connection connection = DriverManager.getConnection(databases.jdbcUrl());
             ResultSet secret = connection.createStatement().executeQuery(
                     "SELECT value FROM server_secrets WHERE name = '" + ServerState.LINK_SECRET + "'")) {
            assertThat(secret.next()).isTrue();
            assertThat(secret.getBytes(1)).isEqualTo(before.linkSecret());
        }
    }

    @Test
    void replicasHearOfEveryDeploymentThroughTheChangeFeed() {
        DeploymentStore deployments = new SqlDeploymentStore(databases.open());

        assertThat(deployments.changesSince(0).deployments()).containsExactlyInAnyOrder(SCORER, BIG);
    }

    @Test
    void theCopySaysWhatItCopied() {
        long bundleBytes = Stream.of("scorer/1", "scorer/2", "big/1")
                .mapToLong(version -> before.bundles().get(version).zip().length).sum();

        assertThat(copied).isEqualTo(new SqliteToPostgres.Copied(2, 3, 1, 2, 3, 1, 0, 3, bundleBytes));
    }

    @Test
    void theDataDirectoryIsLeftAsItWas() throws IOException {
        Map<Path, byte[]> after = filesIn(dataDirectory);

        assertThat(after.keySet()).containsExactlyElementsOf(filesBefore.keySet());
        assertThat(after).allSatisfy((file, bytes) -> assertThat(bytes).as(file.toString()).isEqualTo(filesBefore.get(file)));
        try (SqliteDatabase sqlite = SqliteDatabase.inDataDirectory(dataDirectory)) {
            assertThat(new SqlDeploymentStore(sqlite).loadAll()).isEqualTo(before.deployments());
            assertThat(new SqlJobStore(sqlite).job("running").orElseThrow().status()).isEqualTo(AsyncJob.Status.RUNNING);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databases.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every file under {@code directory} with its bytes, by path, in path order. */
    static Map<Path, byte[]> filesIn(Path directory) throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
