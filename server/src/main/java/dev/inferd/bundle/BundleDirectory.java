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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a bundle directory from disk (for {@code inferd deploy DIR} and {@code serve --examples}).
 * Hidden files and Python's byte-code caches are left out: they are not part of what was written.
 * Symbolic links and other files that are not regular files are left out too, so a bundle never
 * carries what a link happens to point at on the deploying machine.
 */
public final class BundleDirectory {

    /** A file or folder that {@link #read(Path, Consumer)} left out: its path in the bundle (a folder's ends with /) and why. */
    public record LeftOut(String path, String reason) {
    }

    private BundleDirectory() {
    }

    public static boolean looksLikeBundle(Path directory) {
        return Files.isRegularFile(directory.resolve(Manifest.FILE_NAME));
    }

    public static Map<String, byte[]> read(Path directory) {
        return read(directory, leftOut -> { });
    }

    /** Reads the bundle and tells {@code leftOut} of each file or folder it leaves out, in the order met. */
    public static Map<String, byte[]> read(Path directory, Consumer<LeftOut> leftOut) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> file : list(directory, leftOut).entrySet()) {
                files.put(file.getKey(), Files.readAllBytes(file.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle directory " + directory, e);
        }
        return files;
    }

    /**
     * The bundle's files, by their paths in the bundle, without reading them; tells {@code leftOut}
     * of each file or folder it leaves out, in the order met.
     */
    public static SortedMap<String, Path> list(Path directory, Consumer<LeftOut> leftOut) {
        if (!looksLikeBundle(directory)) {
            throw new BundleRejectedException(directory + " has no " + Manifest.FILE_NAME);
        }
        SortedMap<String, Path> files = new TreeMap<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(directory)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    String reason = name.startsWith(".") ? "a hidden folder"
                            : name.equals("__pycache__") ? "Python's byte-code cache" : null;
                    if (reason != null) {
                        leftOut.accept(new LeftOut(relative(dir) + "/", reason));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String reason = reasonToLeaveOut(file.getFileName().toString(), attrs);
                    if (reason == null) {
                        files.put(relative(file), file);
                    } else {
                        leftOut.accept(new LeftOut(relative(file), reason));
                    }
                    return FileVisitResult.CONTINUE;
                }

                private String relative(Path path) {
                    return directory.relativize(path).toString().replace('\\', '/');
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle directory " + directory, e);
        }
        return files;
    }

    /** Why a file is left out, or null when it belongs to the bundle. */
    private static String reasonToLeaveOut(String name, BasicFileAttributes attrs) {
        if (name.startsWith(".")) {
            return "a hidden file";
        }
        if (attrs.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (!attrs.isRegularFile()) {
            return "not a regular file";
        }
        return name.endsWith(".pyc") || name.equals("__pycache__") ? "Python byte code" : null;
    }
}
