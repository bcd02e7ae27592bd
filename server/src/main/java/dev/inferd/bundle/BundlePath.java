package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;

/**
 * The rule every file path inside a bundle obeys, whatever it arrived in (zip, JSON, directory):
 * relative, forward slashes, no empty, "." or ".." segments, so no path can leave the bundle directory.
 */
public final class BundlePath {
    private static final int MAX_LENGTH = 1024;

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
        }
        return path;
    }
}
