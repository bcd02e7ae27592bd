package dev.inferd.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directories that appear whole or not at all: filled under a temporary name beside the target and
 * renamed into place. A crash, or two threads preparing the same content, can never leave a
 * half-written directory under the final name.
 */
public final class AtomicDirectory {

    /** Writes the contents of a new directory. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path directory) throws IOException;
    }

    private AtomicDirectory() {
    }

    /** Returns {@code target}, creating it with {@code filler} unless it already exists. */
    public static Path createIfAbsent(Path target, Filler filler) {
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path fresh = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-");
            try {
                filler.fill(fresh);
            } catch (IOException | RuntimeException e) {
                deleteRecursively(fresh);
                throw e;
            }
            return moveIntoPlace(fresh, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
    }

    /**
     * Renames a directory filled under a temporary name, beside {@code target}, to {@code target};
     * when another thread got there first with the same content, the filled one is deleted instead.
     */
    public static Path moveIntoPlace(Path filled, Path target) throws IOException {
        try {
            Files.move(filled, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(filled);
            // Renaming onto a directory that has files fails with a plain FileSystemException on Linux.
            if (!Files.isDirectory(target)) {
                throw e;
            }
        }
        return target;
    }

    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
