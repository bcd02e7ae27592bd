package dev.inferd.registry;

import java.util.Optional;
import java.util.Set;

/** Bundle bytes addressed by the bundle's content hash. Writing the same hash twice is harmless. */
public interface ArtifactStore {

    void put(String contentHash, byte[] bundleZip);

    Optional<byte[]> get(String contentHash);

    /** Removes every artifact whose hash is not in {@code keep}. @return how many were removed */
    int retainOnly(Set<String> keep);
}
