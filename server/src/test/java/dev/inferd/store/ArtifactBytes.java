package dev.inferd.store;

import dev.inferd.registry.ArtifactStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Artifacts as bytes in memory, which is how tests make and check them. */
public final class ArtifactBytes {
    private ArtifactBytes() {
    }

    public static ArtifactStore.Content content(byte[] bytes) {
        return out -> out.write(bytes);
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
