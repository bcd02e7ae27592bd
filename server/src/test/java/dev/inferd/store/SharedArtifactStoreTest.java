package dev.inferd.store;

import dev.inferd.error.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bundle bytes that replicas share through PostgreSQL, each keeping its own copies. */
class SharedArtifactStoreTest {
    private static final String HASH = "c".repeat(64);

    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();
    @TempDir
    Path replicas;

    private SharedArtifactStore replica(String name) {
        return new SharedArtifactStore(databases.open(), new FileArtifactStore(replicas.resolve(name)), Clock.systemUTC());
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aBundleStoredThroughOneReplicaIsReadByAnotherWholeAndInChunks() throws Exception {
        byte[] bundle = bytes(SharedArtifactStore.CHUNK_BYTES * 3 + 12_345);
        replica("first").put(HASH, ArtifactBytes.content(bundle));

        assertThat(replica("second").file(HASH).map(ArtifactBytes::read)).hasValue(bundle);
        assertThat(Files.exists(replicas.resolve("second").resolve(HASH.substring(0, 2)).resolve(HASH + ".zip")))
                .as("kept in the second replica's data directory").isTrue();
        try (var connection = java.sql.DriverManager.getConnection(databases.jdbcUrl());
             var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM artifact_chunks")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(4);
        }
    }

    @Test
    void anEmptyBundleIsStoredAndReadBack() {
        replica("first").put(HASH, ArtifactBytes.content(new byte[0]));

        assertThat(replica("second").file(HASH).map(ArtifactBytes::read)).hasValue(new byte[0]);
    }

    @Test
    void storingTheSameBundleTwiceIsHarmless() {
        byte[] bundle = bytes(1000);
        replica("first").put(HASH, ArtifactBytes.content(bundle));
        replica("second").put(HASH, ArtifactBytes.content(bundle));

        assertThat(replica("third").file(HASH).map(ArtifactBytes::read)).hasValue(bundle);
    }

    @Test
    void aBundleNoReplicaStoredIsMissing() {
        assertThat(replica("first").file(HASH).map(ArtifactBytes::read)).isEmpty();
    }

    @Test
    void aCopiedBundleIsReadWithoutTheDatabase() throws Exception {
        byte[] bundle = bytes(5000);
        replica("first").put(HASH, ArtifactBytes.content(bundle));
        PostgresDatabase away = databases.open();
        SharedArtifactStore second = new SharedArtifactStore(away, new FileArtifactStore(replicas.resolve("second")), Clock.systemUTC());
        second.file(HASH).map(ArtifactBytes::read);
        away.close();

        assertThat(second.file(HASH).map(ArtifactBytes::read)).hasValue(bundle);
        assertThatThrownBy(() -> second.file("d".repeat(64)).map(ArtifactBytes::read)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void unreferencedBundlesStayInTheDatabaseWhileADeployMayStillCommitThem() {
        SharedArtifactStore first = replica("first");
        first.put(HASH, ArtifactBytes.content(bytes(100)));

        first.retainOnly(Set.of());

        assertThat(replica("second").file(HASH).map(ArtifactBytes::read)).as("younger than the grace period").isPresent();
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailable() {
        PostgresDatabase unreachable = PostgresDatabase.open(dev.inferd.config.DatabaseUrl.parse(
                "postgresql://nobody:secret@127.0.0.1:1/none"));
        try {
            SharedArtifactStore store = new SharedArtifactStore(unreachable, new FileArtifactStore(replicas.resolve("x")), Clock.systemUTC());

            assertThatThrownBy(() -> store.file(HASH).map(ArtifactBytes::read))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:1/none")
                    .hasMessageNotContaining("secret");
        } finally {
            unreachable.close();
        }
    }
}
