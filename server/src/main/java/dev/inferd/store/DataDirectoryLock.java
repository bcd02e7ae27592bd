package dev.inferd.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An exclusive lock on a data directory for the life of one server. Two servers writing the same
 * work directory and artifact files would corrupt each other's caches, so the second one refuses
 * to start with a message instead.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirectoryLock acquire(Path dataDirectory) {
        try {
            createPrivately(dataDirectory);
            FileChannel channel = FileChannel.open(dataDirectory.resolve("inferd.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another inferd server is using the data directory "
                        + dataDirectory.toAbsolutePath() + "; stop it or pass a different --data-dir");
            }
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock data directory " + dataDirectory.toAbsolutePath(), e);
        }
    }

    /**
     * A new data directory is readable by the server's user only: it holds the database, every
     * deployed bundle and the results of async calls.
     */
    public static void createPrivately(Path dataDirectory) throws IOException {
        if (Files.isDirectory(dataDirectory)) {
            return;
        }
        Files.createDirectories(dataDirectory);
        try {
            Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other file systems keep their defaults.
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
