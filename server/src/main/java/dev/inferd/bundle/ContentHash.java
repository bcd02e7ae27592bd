package dev.inferd.bundle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a bundle, taken a file at a time in path order: SHA-256 over each path and its
 * bytes, both prefixed with their length, so ("ab", "c") and ("a", "bc") stay apart. Fed as files
 * are read, it never needs a bundle whole in memory; the same files give the same hash whatever they
 * arrived in.
 */
final class ContentHash {
    private final MessageDigest digest;
    private String lastPath;

    ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Starts the next file, whose {@code size} bytes the caller then passes to {@link #update}. */
    void startFile(String path, long size) {
        if (lastPath != null && path.compareTo(lastPath) <= 0) {
            throw new IllegalStateException("files are hashed in path order: " + path + " after " + lastPath);
        }
        lastPath = path;
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        digest.update((pathBytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(pathBytes);
        digest.update((size + ":").getBytes(StandardCharsets.US_ASCII));
    }

    void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** The hash, in lower-case hex; the object is done with afterwards. */
    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
