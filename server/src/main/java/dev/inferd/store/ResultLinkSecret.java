package dev.inferd.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/** The secret that signs result links, kept in the data directory. */
public final class ResultLinkSecret {
    private static final String FILE_NAME = "result-link-secret";
    private static final int BYTES = 32;

    private ResultLinkSecret() {
    }

    /** The data directory's link secret, if it has a whole one; nothing is created. */
    static Optional<byte[]> existing(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            byte[] existing = Files.readAllBytes(file);
            return existing.length == BYTES ? Optional.of(existing) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The server's link secret: created once, readable only by the server's user. It is written with
     * {@link DurableFiles}, so a crash never leaves a short or empty secret behind; a file that is not
     * a whole secret anyway (damaged by hand) is replaced, which only expires the links already given
     * out. The data directory's lock keeps a second server from racing this.
     */
    public static byte[] in(Path dataDirectory, SecureRandom random) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                byte[] existing = Files.readAllBytes(file);
                if (existing.length == BYTES) {
                    return existing;
                }
            }
            byte[] fresh = new byte[BYTES];
            random.nextBytes(fresh);
            DurableFiles.replace(file, fresh);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
