package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.RuntimeFailureException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Bundles unpacked under a directory, one folder per content hash ({@code <root>/<hash>}), where
 * runtimes load them from. A bundle is unpacked under a temporary name starting with a dot (its
 * hash is not known before every file is in), checked, then renamed into place; one that is there
 * already is not written again. A file goes from its zip to the disk through a buffer, so a bundle
 * never sits whole in memory however large its model.
 */
public final class UnpackedBundles {
    /** Prefix of the folders that deploys unpack into before their hash is known. */
    public static final String INCOMING_PREFIX = ".incoming-";

    private final Path root;
    private final BundleZip bundleZip;
    private final ManifestParser manifestParser;
    private final long maxBundleBytes;

    /** @param maxBundleBytes the most a bundle may unpack to */
    public UnpackedBundles(Path root, long maxBundleBytes, ManifestParser manifestParser) {
        this.root = root;
        this.bundleZip = new BundleZip(maxBundleBytes);
        this.manifestParser = manifestParser;
        this.maxBundleBytes = maxBundleBytes;
    }

    /**
     * Unpacks and checks the files of a deploy: every path, the size, the manifest.
     *
     * @throws BundleRejectedException naming what is wrong with them
     */
    public Bundle unpack(BundleUpload upload) {
        Path fresh = createTemporary(INCOMING_PREFIX);
        try {
            BundleZip.Contents contents = upload instanceof BundleUpload.Zipped zipped
                    ? bundleZip.unpack(zipped.file(), fresh)
                    : write(((BundleUpload.InMemory) upload).files(), fresh);
            Manifest manifest = readManifest(fresh);
            Path target = AtomicDirectory.moveIntoPlace(fresh, root.resolve(contents.contentHash()));
            return new Bundle(target, manifest, contents.contentHash(), contents.files());
        } catch (IOException e) {
            deleteQuietly(fresh);
            throw new UncheckedIOException("cannot unpack a bundle under " + root, e);
        } catch (RuntimeException e) {
            deleteQuietly(fresh);
            throw e;
        }
    }

    /**
     * The bundle of a stored version, from its zip: unpacked unless it is already, and checked
     * against the hash the version was stored with either way.
     *
     * @throws RuntimeFailureException when the zip does not hold the files of that hash
     */
    public Bundle stored(String contentHash, Path zip) {
        Path target = root.resolve(contentHash);
        if (Files.isDirectory(target)) {
            return checked(contentHash, bundleZip.contents(zip), target);
        }
        Path fresh = createTemporary("." + contentHash + "-");
        try {
            Bundle bundle = checked(contentHash, bundleZip.unpack(zip, fresh), fresh);
            AtomicDirectory.moveIntoPlace(fresh, target);
            return new Bundle(target, bundle.manifest(), contentHash, bundle.files());
        } catch (IOException e) {
            deleteQuietly(fresh);
            throw new UncheckedIOException("cannot unpack bundle " + contentHash + " under " + root, e);
        } catch (RuntimeException e) {
            deleteQuietly(fresh);
            throw e;
        }
    }

    private Bundle checked(String contentHash, BundleZip.Contents contents, Path directory) {
        if (!contents.contentHash().equals(contentHash)) {
            throw new RuntimeFailureException("the stored bundle " + contentHash + " holds other files (content "
                    + contents.contentHash() + ")");
        }
        return new Bundle(directory, readManifest(directory), contentHash, contents.files());
    }

    private BundleZip.Contents write(Map<String, byte[]> files, Path directory) throws IOException {
        SortedMap<String, byte[]> sorted = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            sorted.put(BundlePath.check(file.getKey()), file.getValue());
            total += file.getValue().length;
        }
        if (total > maxBundleBytes) {
            throw new BundleRejectedException("the bundle's files add up to more than " + maxBundleBytes + " bytes");
        }
        BundlePath.checkNoFileIsAFolder(sorted.keySet());
        ContentHash hash = new ContentHash();
        SortedMap<String, Long> sizes = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : sorted.entrySet()) {
            byte[] bytes = file.getValue();
            hash.startFile(file.getKey(), bytes.length);
            hash.update(bytes, 0, bytes.length);
            try (OutputStream out = createFile(directory, file.getKey())) {
                out.write(bytes);
            }
            sizes.put(file.getKey(), (long) bytes.length);
        }
        return new BundleZip.Contents(hash.hex(), sizes);
    }

    /**
     * A new file at {@code path} under {@code directory}. The caller has checked the paths with
     * {@link BundlePath}, so none leaves the directory or needs a folder where a file is.
     */
    static OutputStream createFile(Path directory, String path) throws IOException {
        Path target = directory.resolve(path).normalize();
        if (!target.startsWith(directory)) {
            throw new BundleRejectedException("bundle path escapes the bundle: " + path);
        }
        try {
            Files.createDirectories(target.getParent());
            return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            // Two paths the file system takes for one ("A.bin" and "a.bin" where case does not count).
            throw new BundleRejectedException("the bundle holds '" + path + "' and another path this file system takes for the same");
        }
    }

    private Manifest readManifest(Path directory) {
        Path manifest = directory.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifest)) {
            throw new BundleRejectedException("the bundle has no " + Manifest.FILE_NAME + " at its root");
        }
        try {
            return manifestParser.parse(Files.readAllBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }

    private Path createTemporary(String prefix) {
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder under " + root, e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            AtomicDirectory.deleteRecursively(directory);
        } catch (IOException e) {
            // Left for the next clean-up of unreferenced work folders.
        }
    }
}
