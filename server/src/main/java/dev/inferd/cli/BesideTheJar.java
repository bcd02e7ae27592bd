package dev.inferd.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Set;

/**
 * Folders kept beside the jar the server runs from: the build leaves the Java examples' compiled
 * classes in {@code server/target/java-class-cache}, next to {@code server/target/inferd.jar}, so that
 * a plain {@code java -jar} start finds them as {@code ./inferd} does.
 *
 * <p>Such a folder is used only when no one but the jar's owner or the server's own user may write
 * to it: its classes are loaded into deployments without being compiled again, and a jar copied to a
 * shared folder such as {@code /tmp} must not pick up classes another user left beside it.
 */
public final class BesideTheJar {
    private static final Logger log = LoggerFactory.getLogger(BesideTheJar.class);

    private BesideTheJar() {
    }

    /** The folder {@code name} beside the jar {@code type} was loaded from, if it came from a jar and the folder exists and is private. */
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

    /**
     * The folder {@code name} beside {@code codeSource}, when that is a file (a jar, not a folder of
     * classes) and the folder exists, belongs to the jar's owner or to the server's user, and is
     * writable by neither its group nor others.
     */
    static Optional<Path> existingFolder(Path codeSource, String name) {
        if (!Files.isRegularFile(codeSource)) {
            return Optional.empty();
        }
        Path jar = codeSource.toAbsolutePath().normalize();
        Path folder = jar.resolveSibling(name);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try {
            String untrusted = whyOthersMayWrite(jar, folder);
            if (untrusted != null) {
                log.warn("{} is not used as the compiled-class cache: {}; pass --java-class-cache to choose one", folder, untrusted);
                return Optional.empty();
            }
            return Optional.of(folder);
        } catch (IOException e) {
            log.warn("{} is not used as the compiled-class cache: its owner and permissions cannot be read ({})", folder, e.toString());
            return Optional.empty();
        }
    }

    /** Null when only the jar's owner or the server's user may write to {@code folder}, else the reason. */
    private static String whyOthersMayWrite(Path jar, Path folder) throws IOException {
        UserPrincipal owner = Files.getOwner(folder);
        if (!owner.equals(Files.getOwner(jar)) && !owner.equals(serverUser(folder))) {
            return "it belongs to " + owner.getName() + ", who owns neither the jar nor this server process";
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        if (posix == null) {
            return null;
        }
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "its group or other users may write to it";
        }
        return null;
    }

    private static UserPrincipal serverUser(Path folder) {
        try {
            return folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            // Without a name to look up, only the jar's owner is trusted.
            return null;
        }
    }
}
