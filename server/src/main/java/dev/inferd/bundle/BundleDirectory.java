package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a bundle directory from disk (for {@code inferd deploy DIR} and {@code serve --examples}).
 * Hidden files and Python's byte-code caches are left out: they are not part of what was written.
 */
public final class BundleDirectory {

    private BundleDirectory() {
    }

    public static boolean looksLikeBundle(Path directory) {
        return Files.isRegularFile(directory.resolve(Manifest.FILE_NAME));
    }

    public static Map<String, byte[]> read(Path directory) {
        if (!looksLikeBundle(directory)) {
            throw new BundleRejectedException(directory + " has no " + Manifest.FILE_NAME);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(directory) && isLeftOut(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() && !isLeftOut(file) && !file.getFileName().toString().endsWith(".pyc")) {
                        String relative = directory.relativize(file).toString().replace('\\', '/');
                        files.put(relative, Files.readAllBytes(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle directory " + directory, e);
        }
        return files;
    }

    private static boolean isLeftOut(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") || name.equals("__pycache__");
    }
}
