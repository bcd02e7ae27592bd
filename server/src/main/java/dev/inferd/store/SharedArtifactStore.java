package dev.inferd.store;

import dev.inferd.registry.ArtifactStore;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Bundle bytes for replicas: kept in PostgreSQL in chunks, so that every replica can load every
 * version, and copied into this replica's data directory the first time it needs them, so that a
 * version loads again without the database (after an unload, or while the database is away).
 * <p>
 * A copy is written a chunk at a time into a temporary file and renamed into place when whole, so
 * a large model never sits in memory on its way from the database, and a copy cut short leaves
 * nothing under its hash.
 */
public final class SharedArtifactStore implements ArtifactStore {
    /** Small enough for any PostgreSQL value and any heap, big enough that a 500 MB model is 500 rows. */
    static final int CHUNK_BYTES = 1 << 20;
    /**
     * Unreferenced bundles younger than this are kept: another replica may have stored one for a
     * deploy it is still testing, which references it only when it commits.
     */
    private static final Duration UNREFERENCED_GRACE = Duration.ofHours(1);

    private final PostgresDatabase database;
    private final FileArtifactStore cache;
    private final Clock clock;

    public SharedArtifactStore(PostgresDatabase database, FileArtifactStore cache, Clock clock) {
        this.database = database;
        this.cache = cache;
        this.clock = clock;
    }

    /** Written to this replica's copy first, then into the database from that file, a chunk at a time. */
    @Override
    public void put(String contentHash, Content bundleZip) {
        cache.put(contentHash, bundleZip);
        Path file = cache.file(contentHash).orElseThrow(() -> new IllegalStateException("artifact " + contentHash + " was not kept"));
        database.write(handle -> insert(handle, contentHash, file, clock.millis()));
    }

    /**
     * Stores a bundle's row and its chunks, read from {@code zip} one at a time, in the caller's
     * transaction, unless the database has the bundle already. @return whether it was added
     */
    static boolean insert(Handle handle, String contentHash, Path zip, long createdAt) {
        long size;
        try {
            size = Files.size(zip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + contentHash + " from " + zip, e);
        }
        boolean added = handle.createUpdate("INSERT INTO artifacts (content_hash, size, chunks, created_at) "
                        + "VALUES (:hash, :size, :chunks, :createdAt) ON CONFLICT (content_hash) DO NOTHING")
                .bind("hash", contentHash)
                .bind("size", size)
                .bind("chunks", chunkCount(size))
                .bind("createdAt", createdAt)
                .execute() > 0;
        if (!added) {
            return false;
        }
        try (InputStream in = Files.newInputStream(zip)) {
            for (int chunk = 0; chunk < chunkCount(size); chunk++) {
                byte[] bytes = in.readNBytes(CHUNK_BYTES);
                // One statement per chunk: a batch would hold every chunk until it runs.
                handle.createUpdate("INSERT INTO artifact_chunks (content_hash, chunk, bytes) VALUES (:hash, :chunk, :bytes)")
                        .bind("hash", contentHash)
                        .bind("chunk", chunk)
                        .bind("bytes", bytes)
                        .execute();
            }
            if (in.read() >= 0) {
                throw new IOException("it grew while it was read");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + contentHash + " from " + zip, e);
        }
        return true;
    }

    @Override
    public Optional<Path> file(String contentHash) {
        if (cache.file(contentHash).isEmpty() && !copyIntoCache(contentHash)) {
            return Optional.empty();
        }
        return cache.file(contentHash);
    }

    /** @return false when the database has no such bundle */
    private boolean copyIntoCache(String contentHash) {
        record Stored(long size, int chunks) {
        }
        Optional<Stored> stored = database.read(handle -> handle.createQuery(
                        "SELECT size, chunks FROM artifacts WHERE content_hash = :hash")
                .bind("hash", contentHash)
                .map((rs, ctx) -> new Stored(rs.getLong("size"), rs.getInt("chunks")))
                .findOne());
        if (stored.isEmpty()) {
            return false;
        }
        cache.put(contentHash, out -> {
            long written = 0;
            for (int chunk = 0; chunk < stored.get().chunks(); chunk++) {
                int index = chunk;
                byte[] bytes = database.read(handle -> handle.createQuery(
                                "SELECT bytes FROM artifact_chunks WHERE content_hash = :hash AND chunk = :chunk")
                        .bind("hash", contentHash)
                        .bind("chunk", index)
                        .map((rs, ctx) -> rs.getBytes("bytes"))
                        .findOne()
                        .orElse(null));
                if (bytes == null) {
                    throw new IOException("chunk " + index + " of bundle " + contentHash + " is missing from the database");
                }
                out.write(bytes);
                written += bytes.length;
            }
            if (written != stored.get().size()) {
                throw new IOException("bundle " + contentHash + " has " + written + " bytes in the database, not "
                        + stored.get().size());
            }
        });
        return true;
    }

    /**
     * Removes this replica's copies outside {@code keep}, and the database's bundles that no version
     * refers to any more, once they are older than {@link #UNREFERENCED_GRACE}.
     */
    @Override
    public int retainOnly(Set<String> keep) {
        int removedHere = cache.retainOnly(keep);
        int removedShared = database.write(handle -> handle.createUpdate("DELETE FROM artifacts WHERE created_at < :cutoff "
                        + "AND NOT EXISTS (SELECT 1 FROM versions WHERE versions.content_hash = artifacts.content_hash)")
                .bind("cutoff", clock.millis() - UNREFERENCED_GRACE.toMillis())
                .execute());
        return removedHere + removedShared;
    }

    private static int chunkCount(long bytes) {
        return (int) Math.max(1, (bytes + CHUNK_BYTES - 1) / CHUNK_BYTES);
    }
}
