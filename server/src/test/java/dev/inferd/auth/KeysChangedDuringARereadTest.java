package dev.inferd.auth;

import dev.inferd.store.MetadataStore;
import dev.inferd.store.SqliteMetadataStore;
import dev.inferd.registry.AliasName;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ApiKeys} rereads the store every second (for keys the CLI changed from another process).
 * A key deleted or created over HTTP while such a reread is under way must end up as the store
 * says: a deleted key refused, a new key accepted. The store here pauses a reread between
 * reading the rows and returning them, so the interleaving is exact instead of left to chance.
 */
class KeysChangedDuringARereadTest {
    @TempDir
    Path dataDirectory;
    SqliteMetadataStore sqlite;
    PausingStore store;
    ApiKeys keys;

    @BeforeEach
    void open() {
        sqlite = new SqliteMetadataStore(dataDirectory.resolve("inferd.db"));
        store = new PausingStore(sqlite);
        keys = new ApiKeys(store, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC), new SecureRandom());
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    @Test
    void aKeyDeletedWhileTheStoreIsRereadStaysDeleted() throws Exception {
        String key = keys.create("deleted_mid_reread", Optional.empty(), false).key();
        assertThat(keys.find(key)).isPresent();

        CompletableFuture<Void> reread = store.pauseNextRead(keys::refresh);
        keys.delete("deleted_mid_reread");
        store.resume();
        reread.get(10, TimeUnit.SECONDS);

        assertThat(keys.find(key)).as("a deleted key, right after a reread that began before the delete").isEmpty();
    }

    @Test
    void aKeyCreatedWhileTheStoreIsRereadIsAcceptedAtOnce() throws Exception {
        CompletableFuture<Void> reread = store.pauseNextRead(keys::refresh);
        String key = keys.create("created_mid_reread", Optional.of(Set.of("a")), false).key();
        store.resume();
        reread.get(10, TimeUnit.SECONDS);

        assertThat(keys.find(key)).as("a key whose creation was answered, right after a reread").isPresent();
    }

    /** The real store, except that the next {@link #keys()} can be held after reading, before returning. */
    static final class PausingStore implements MetadataStore {
        private final MetadataStore delegate;
        private volatile CountDownLatch read;
        private volatile CountDownLatch resume;

        PausingStore(MetadataStore delegate) {
            this.delegate = delegate;
        }

        /** Runs {@code work} on another thread until its next read of the keys has read them; returns its end to come. */
        CompletableFuture<Void> pauseNextRead(Runnable work) throws InterruptedException {
            CountDownLatch readLatch = new CountDownLatch(1);
            resume = new CountDownLatch(1);
            read = readLatch;
            CompletableFuture<Void> result = CompletableFuture.runAsync(work);
            assertThat(readLatch.await(10, TimeUnit.SECONDS)).as("the work reread the keys").isTrue();
            return result;
        }

        void resume() {
            resume.countDown();
        }

        @Override
        public List<ApiKey> keys() {
            List<ApiKey> rows = delegate.keys();
            CountDownLatch pausedRead = read;
            CountDownLatch pausedResume = resume;
            if (pausedRead != null && pausedRead.getCount() > 0) {
                read = null;
                pausedRead.countDown();
                try {
                    pausedResume.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return rows;
        }

        @Override
        public List<Deployment> loadAll() {
            return delegate.loadAll();
        }

        @Override
        public DeploymentVersion addVersion(DeploymentName deployment, VersionDraft draft, Instant createdAt) {
            return delegate.addVersion(deployment, draft, createdAt);
        }

        @Override
        public int nextVersionNumber(DeploymentName deployment) {
            return delegate.nextVersionNumber(deployment);
        }

        @Override
        public boolean deleteVersion(DeploymentName deployment, int number) {
            return delegate.deleteVersion(deployment, number);
        }

        @Override
        public void putAlias(DeploymentName deployment, AliasName alias, int version, Instant updatedAt) {
            delegate.putAlias(deployment, alias, version, updatedAt);
        }

        @Override
        public boolean deleteAlias(DeploymentName deployment, AliasName alias) {
            return delegate.deleteAlias(deployment, alias);
        }

        @Override
        public boolean deleteDeployment(DeploymentName deployment) {
            return delegate.deleteDeployment(deployment);
        }

        @Override
        public Set<String> referencedContentHashes() {
            return delegate.referencedContentHashes();
        }

        @Override
        public boolean addKey(ApiKey key) {
            return delegate.addKey(key);
        }

        @Override
        public boolean deleteKey(String name) {
            return delegate.deleteKey(name);
        }

        @Override
        public void ping() {
            delegate.ping();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
