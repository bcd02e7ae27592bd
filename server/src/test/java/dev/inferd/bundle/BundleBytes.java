package dev.inferd.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Bundles made from files in memory, unpacked and zipped the way a server does, for tests that store them. */
public final class BundleBytes {
    private BundleBytes() {
    }

    /** A bundle's content hash and the zip a server stores for it. */
    public record Zipped(String contentHash, byte[] zip) {
    }

    public static Zipped zipped(Map<String, byte[]> files) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("inferd-bundle-");
            Bundle bundle = new UnpackedBundles(directory, Long.MAX_VALUE, new ManifestParser()).unpack(new BundleUpload.InMemory(files));
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            bundle.writeZip(zip);
            return new Zipped(bundle.contentHash(), zip.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (directory != null) {
                try {
                    AtomicDirectory.deleteRecursively(directory);
                } catch (IOException e) {
                    // A temporary directory; the system cleans it.
                }
            }
        }
    }
}
