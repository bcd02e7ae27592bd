package dev.inferd.runtime.java;

import dev.inferd.bundle.AtomicDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Classes compiled from Java sources, kept outside any one data directory ({@code --java-class-cache}).
 * An entry is named by a hash of everything a compile reads: the JDK's version, the compiler's
 * flags, and each source and jar of the bundle, by its path in the bundle and its bytes. So the
 * same sources deployed to another data directory, or to an empty one after the build's training
 * run filled the cache, are copied instead of compiled; the JDK's compiler costs about 0.15 s of
 * CPU per bundle and more for the first, which a start with the Java examples would pay.
 *
 * <p>A hit is copied into the version's build directory, so a data directory always holds its own
 * classes and a cache removed later (a {@code mvn clean}) takes nothing from a deployment. The
 * cache only saves work: an entry that cannot be read or written is logged, and the sources are
 * compiled as if there were no cache.
 */
final class CompiledClassCache {
    private static final Logger log = LoggerFactory.getLogger(CompiledClassCache.class);

    private final Path directory;

    CompiledClassCache(Path directory) {
        this.directory = directory;
    }

    /** The entry name for compiling {@code sources} against {@code jars}, all under {@code bundle}, with {@code flags}. */
    static String key(Path bundle, List<Path> sources, List<Path> jars, List<String> flags) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        update(digest, ("javac " + Runtime.version() + " " + System.getProperty("java.vendor")).getBytes(StandardCharsets.UTF_8));
        update(digest, String.join("\u0000", flags).getBytes(StandardCharsets.UTF_8));
        for (List<Path> files : List.of(sources, jars)) {
            update(digest, Integer.toString(files.size()).getBytes(StandardCharsets.US_ASCII));
            for (Path file : files) {
                update(digest, bundle.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                try {
                    update(digest, Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") hash apart. */
    private static void update(MessageDigest digest, byte[] part) {
        digest.update((part.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(part);
    }

    /**
     * Copies the entry {@code key} into the empty directory {@code output}.
     *
     * @return false, with {@code output} left empty, when there is no such entry or it cannot be read
     */
    boolean copyInto(String key, Path output) {
        Path entry = directory.resolve(key);
        if (!Files.isDirectory(entry)) {
            return false;
        }
        try {
            copyTree(entry, output);
            return true;
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot copy compiled classes from {}; compiling the sources instead: {}", entry, e.toString());
            try (Stream<Path> children = Files.list(output)) {
                for (Path child : children.toList()) {
                    AtomicDirectory.deleteRecursively(child);
                }
            } catch (IOException cleanup) {
                throw new UncheckedIOException("cannot empty " + output + " after a failed copy", cleanup);
            }
            return false;
        }
    }

    /** Keeps a copy of {@code classes} as the entry {@code key}, unless it is there already. */
    void keep(String key, Path classes) {
        try {
            AtomicDirectory.createIfAbsent(directory.resolve(key), entry -> copyTree(classes, entry));
        } catch (UncheckedIOException e) {
            log.warn("cannot keep compiled classes in {}; later deploys of these sources compile them again: {}",
                    directory, e.toString());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
