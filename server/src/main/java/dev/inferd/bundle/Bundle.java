package dev.inferd.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A deployment bundle unpacked on disk, checked: its directory (named by its content hash, see
 * {@link UnpackedBundles}), its parsed manifest, the content hash, which is the same for the same
 * files whatever they arrived in, and the files that hash covers.
 *
 * @param files each file's path in the bundle and size. Code a model runs may write beside them in
 *              the directory; what is stored for the version is these files only.
 */
public record Bundle(Path directory, Manifest manifest, String contentHash, SortedMap<String, Long> files) {

    public Bundle {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public long totalBytes() {
        return files.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Writes the bundle as a zip, as it is stored: sorted names and fixed timestamps, so the same
     * files zip alike.
     *
     * @throws IOException also when the files on disk no longer hash to the content hash (code a
     *                     model runs changed one), since the zip would then store other content under it
     */
    public void writeZip(OutputStream out) throws IOException {
        SortedMap<String, Path> paths = new TreeMap<>();
        files.keySet().forEach(file -> paths.put(file, directory.resolve(file)));
        String written = BundleZip.write(paths, out);
        if (!written.equals(contentHash)) {
            throw new IOException("the files of bundle " + contentHash + " in " + directory + " changed since they were"
                    + " unpacked (they hash to " + written + ")");
        }
    }
}
