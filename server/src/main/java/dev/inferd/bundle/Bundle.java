package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one deployment bundle, {@code inferd.yaml} among them, with the parsed manifest and a
 * content hash that is the same for the same files whatever way they were uploaded.
 */
public final class Bundle {
    private final SortedMap<String, byte[]> files;
    private final Manifest manifest;
    private final String contentHash;

    private Bundle(SortedMap<String, byte[]> files, Manifest manifest) {
        this.files = Collections.unmodifiableSortedMap(files);
        this.manifest = manifest;
        this.contentHash = hash(files);
    }

    /** Checks every path and the manifest. */
    public static Bundle of(Map<String, byte[]> files, ManifestParser parser) {
        SortedMap<String, byte[]> sorted = new TreeMap<>();
        files.forEach((path, bytes) -> sorted.put(BundlePath.check(path), bytes.clone()));
        byte[] manifestBytes = sorted.get(Manifest.FILE_NAME);
        if (manifestBytes == null) {
            throw new BundleRejectedException("the bundle has no " + Manifest.FILE_NAME + " at its root");
        }
        return new Bundle(sorted, parser.parse(manifestBytes));
    }

    public SortedMap<String, byte[]> files() {
        return files;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Hex SHA-256 over every path and its bytes, in path order. */
    public String contentHash() {
        return contentHash;
    }

    public long totalBytes() {
        return files.values().stream().mapToLong(bytes -> bytes.length).sum();
    }

    /** Writes the files under {@code directory}, which must not exist yet or be empty. */
    public void writeTo(Path directory) {
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = directory.resolve(file.getKey()).normalize();
                if (!target.startsWith(directory)) {
                    throw new BundleRejectedException("bundle path escapes the bundle: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bundle to " + directory, e);
        }
    }

    private static String hash(SortedMap<String, byte[]> files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            // Length-prefixing both parts keeps ("ab", "c") and ("a", "bc") apart.
            byte[] path = file.getKey().getBytes(StandardCharsets.UTF_8);
            digest.update((path.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(path);
            digest.update((file.getValue().length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(file.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
