package dev.inferd.auth;

import dev.inferd.store.SqliteDatabase;
import dev.inferd.store.SqlKeyStore;
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
    SqliteDatabase database;
    PausingStore store;
    ApiKeys keys;

    @BeforeEach
    void open() {
        database = SqliteDatabase.inDataDirectory(dataDirectory);
        store = new PausingStore(new SqlKeyStore(database));
        keys = new ApiKeys(store, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC), new SecureRandom());
    }

    @AfterEach
    void close() {
        database.close();
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
    static final class PausingStore implements KeyStore {
        private final KeyStore delegate;
        private volatile CountDownLatch read;
        private volatile CountDownLatch resume;

        PausingStore(KeyStore delegate) {
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
        public boolean addKey(ApiKey key) {
            return delegate.addKey(key);
        }

        @Override
        public boolean deleteKey(String name) {
            return delegate.deleteKey(name);
        }
    }
}
