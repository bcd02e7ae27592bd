package dev.inferd.cli;

import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Folders kept beside the jar the server runs from: the build leaves the Java examples' compiled
 * classes in {@code server/target/java-class-cache}, next to {@code server/target/inferd.jar}, so that
 * a plain {@code java -jar} start finds them as {@code ./inferd} does.
 */
public final class BesideTheJar {

    private BesideTheJar() {
    }

    /** The folder {@code name} beside the jar {@code type} was loaded from, if it came from a jar and the folder exists. */
    public static Optional<Path> existingFolder(Class<?> type, String name) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return existingFolder(Path.of(source.getLocation().toURI()), name);
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The folder {@code name} beside {@code codeSource}, when that is a file (a jar, not a folder of classes) and the folder exists. */
    static Optional<Path> existingFolder(Path codeSource, String name) {
        if (!Files.isRegularFile(codeSource)) {
            return Optional.empty();
        }
        Path folder = codeSource.toAbsolutePath().normalize().resolveSibling(name);
        return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
    }
}
