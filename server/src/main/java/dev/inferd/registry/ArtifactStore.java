package dev.inferd.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Zipped bundles addressed by the bundle's content hash, passed as streams and files, never whole
 * in memory. Writing the same hash twice is harmless.
 */
public interface ArtifactStore {

    /** What writes a bundle's zip, a buffer at a time. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    void put(String contentHash, Content bundleZip);

    /** A file on this machine holding the zip, to read and not to change; empty when the store has no such bundle. */
    Optional<Path> file(String contentHash);

    /** Removes every artifact whose hash is not in {@code keep}. @return how many were removed */
    int retainOnly(Set<String> keep);
}
