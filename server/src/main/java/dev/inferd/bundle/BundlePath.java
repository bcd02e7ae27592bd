package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The rule every file path inside a bundle obeys, whatever it arrived in (zip, JSON, directory):
 * relative, forward slashes, no empty, "." or ".." segments, so no path can leave the bundle directory.
 */
public final class BundlePath {
    private static final int MAX_LENGTH = 1024;
    /** The longest file name Linux file systems (ext4, xfs, tmpfs) take, in bytes. */
    private static final int MAX_SEGMENT_BYTES = 255;

    private BundlePath() {
    }

    /** Returns the path unchanged, or throws naming what is wrong with it. */
    public static String check(String path) {
        if (path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new BundleRejectedException("bundle path must have 1 to " + MAX_LENGTH + " characters: '" + path + "'");
        }
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || path.indexOf(':') >= 0) {
            throw new BundleRejectedException("bundle path must be relative with forward slashes: '" + path + "'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new BundleRejectedException("bundle path escapes or is not normalized: '" + path + "'");
            }
            // Longer names cannot be written when the bundle is unpacked, which would fail the deploy as a server error.
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new BundleRejectedException("each name in a bundle path must have at most " + MAX_SEGMENT_BYTES
                        + " bytes in UTF-8: '" + path + "'");
            }
        }
        return path;
    }

    /**
     * Refuses a bundle in which a path needs a folder where another path is a file ("a" and "a/b/c"):
     * the files could not all be written.
     */
    public static void checkNoFileIsAFolder(Set<String> paths) {
        for (String path : paths) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String folder = path.substring(0, slash);
                if (paths.contains(folder)) {
                    throw new BundleRejectedException("the bundle holds '" + folder + "' as a file and as the folder of '"
                            + path + "'");
                }
            }
        }
    }
}
