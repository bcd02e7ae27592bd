package dev.inferd.store;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writing a file so that a crash leaves either the old content or the whole new content: write a
 * temporary file beside it, force it to disk, rename it over the target, then force the directory,
 * without which the rename itself may not survive a power cut.
 */
public final class DurableFiles {
    private DurableFiles() {
    }

    /**
     * Replaces (or creates) {@code target}. On POSIX systems the file ends up readable and writable
     * by the server's user only, as temporary files are created that way, which suits secrets.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        replace(target, out -> out.write(content));
    }

    /** What writes a file's content, a part at a time if it likes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** {@link #replace(Path, byte[])} with content that is written as it comes, never whole in memory. */
    public static void replace(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".partial");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceDirectory(directory);
    }

    /** Some file systems cannot open a directory for syncing; there the rename is as durable as they allow. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Nothing more can be done here.
        }
    }
}
