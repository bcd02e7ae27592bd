package dev.inferd.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
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
    private static final int STICKY_BIT = 01000;

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
     * classes) and the folder exists and only the jar's owner or the server's user may change it
     * (see {@link #whyOthersMayWrite}).
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

    /**
     * Null when {@code folder} is no symbolic link, belongs to the jar's owner or the server's user,
     * and neither its group nor others may write to it or replace it; else the reason.
     */
    private static String whyOthersMayWrite(Path jar, Path folder) throws IOException {
        if (Files.isSymbolicLink(folder)) {
            // Whoever owns a link can point it elsewhere at any time, whatever its target's owner.
            return "it is a symbolic link";
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(folder, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix == null) {
            // Access lists (Windows) are not read here, so nothing says who may write.
            return "this file system has no owner and mode to check";
        }
        PosixFileAttributes attributes = posix.readAttributes();
        UserPrincipal owner = attributes.owner();
        if (!owner.equals(Files.getOwner(jar)) && !owner.equals(serverUser(folder))) {
            return "it belongs to " + owner.getName() + ", who owns neither the jar nor this server process";
        }
        if (othersMayWrite(attributes.permissions())) {
            return "its group or other users may write to it";
        }
        // In a folder others may write to, they may rename this one and put their own in its place,
        // unless the sticky bit (as on /tmp) keeps each user's entries to that user.
        Path parent = folder.getParent();
        PosixFileAttributes parentAttributes = Files.readAttributes(parent, PosixFileAttributes.class);
        if (othersMayWrite(parentAttributes.permissions()) && !sticky(parent)) {
            return "other users may replace it: its parent folder is writable by its group or others and not sticky";
        }
        return null;
    }

    private static boolean othersMayWrite(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static boolean sticky(Path folder) {
        try {
            return (((Integer) Files.getAttribute(folder, "unix:mode")) & STICKY_BIT) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Without the mode's high bits the folder counts as not sticky, so the cache is not used.
            return false;
        }
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
