package dev.inferd.runtime.java;

import dev.inferd.bundle.AtomicDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Classes compiled from Java sources, kept outside any one data directory ({@code --java-class-cache}).
 * An entry is named by a hash of the JDK's version, the compiler's flags and the bundle's content
 * hash, which covers every file of the bundle (its path and its bytes): not only the sources and
 * jars, since a jar's manifest can put other files of the bundle on the compile's class path, and
 * javac copies constants from them into the classes it writes. So the same bundle deployed to another data directory, or to an empty one
 * after the build's training run filled the cache, is copied instead of compiled; the JDK's
 * compiler costs about 0.15 s of CPU per bundle and more for the first, which a start with the Java
 * examples would pay.
 *
 * <p>A hit is copied into the version's build directory, so a data directory always holds its own
 * classes and a cache removed later (a {@code mvn clean}) takes nothing from a deployment. Each
 * entry ends with a listing of its files with their sizes and hashes, and a copy that does not
 * match it (an entry emptied by a crash, or being deleted while it is read) counts as a miss: the
 * entry is removed and the sources are compiled. The cache only saves work: one that cannot be read
 * or written is logged, and the sources are compiled as if there were no cache.
 */
final class CompiledClassCache {
    private static final Logger log = LoggerFactory.getLogger(CompiledClassCache.class);
    /** Written last into an entry; its name cannot be a class file's. */
    static final String LISTING = "inferd-classes.sha256";

    private final Path directory;

    CompiledClassCache(Path directory) {
        this.directory = directory;
    }

    /** The entry name for compiling the bundle of that content hash with {@code flags}. */
    static String key(String bundleContentHash, List<String> flags) {
        MessageDigest digest = sha256();
        update(digest, ("javac " + Runtime.version() + " " + System.getProperty("java.vendor")).getBytes(StandardCharsets.UTF_8));
        update(digest, String.join("\u0000", flags).getBytes(StandardCharsets.UTF_8));
        update(digest, bundleContentHash.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Copies the entry {@code key} into the empty directory {@code output}.
     *
     * @return false, with {@code output} left empty, when there is no such entry or it does not hold what its listing says
     */
    boolean copyInto(String key, Path output) {
        Path entry = directory.resolve(key);
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            copyListed(entry, output);
            return true;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            log.warn("compiled classes in {} are unusable; compiling the sources instead: {}", entry, e.toString());
            emptyDirectory(output);
            removeQuietly(entry);
            return false;
        }
    }

    /** Keeps a copy of {@code classes} as the entry {@code key}, unless it is there already. */
    void keep(String key, Path classes) {
        try {
            AtomicDirectory.createIfAbsent(directory.resolve(key), entry -> {
                List<String> listing = new ArrayList<>();
                for (Path file : regularFiles(classes)) {
                    String name = relativeName(classes, file);
                    Path copy = entry.resolve(name);
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                    listing.add(hashOf(copy) + " " + Files.size(copy) + " " + name);
                }
                Files.write(entry.resolve(LISTING), listing, StandardCharsets.UTF_8);
            });
        } catch (UncheckedIOException e) {
            log.warn("cannot keep compiled classes in {}; later deploys of these sources compile them again: {}",
                    directory, e.toString());
        }
    }

    private static void copyListed(Path entry, Path output) throws IOException {
        for (String line : Files.readAllLines(entry.resolve(LISTING), StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3) {
                throw new IllegalStateException("a line of the listing is malformed: " + line);
            }
            Path source = entry.resolve(parts[2]).normalize();
            Path target = output.resolve(parts[2]).normalize();
            if (!source.startsWith(entry) || !target.startsWith(output)) {
                throw new IllegalStateException("the listing names a file outside the entry: " + parts[2]);
            }
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
            if (Files.size(target) != Long.parseLong(parts[1]) || !hashOf(target).equals(parts[0])) {
                throw new IllegalStateException(parts[2] + " is not what the listing says");
            }
        }
    }

    private static List<Path> regularFiles(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The same on every platform, so that keys and listings do not depend on where they were made. */
    private static String relativeName(Path root, Path file) {
        return root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
    }

    private static String hashOf(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") hash apart. */
    private static void update(MessageDigest digest, byte[] part) {
        digest.update((part.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(part);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void emptyDirectory(Path directory) {
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : children.toList()) {
                AtomicDirectory.deleteRecursively(child);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + directory + " after a failed copy", e);
        }
    }

    /** Moved aside first, so that no reader sees it half deleted, and so that {@link #keep} can write it anew. */
    private void removeQuietly(Path entry) {
        try {
            Path aside = directory.resolve(".removed-" + entry.getFileName() + "-" + UUID.randomUUID());
            Files.move(entry, aside);
            AtomicDirectory.deleteRecursively(aside);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot remove the unusable entry {}: {}", entry, e.toString());
        }
    }
}
