package dev.inferd.api.http.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Keeps every input that failed a pass criterion as a raw HTTP request under target/fuzz-findings/,
 * in the corpus format, so a finding outlives the run (and its shrinking) and can be committed.
 */
final class FuzzFindings {
    static final Path DIRECTORY = Path.of("target", "fuzz-findings");

    private FuzzFindings() {
    }

    static <T> T keepIfFailing(byte[] rawRequest, Supplier<T> check) {
        try {
            return check.get();
        } catch (AssertionError | RuntimeException e) {
            keep(rawRequest);
            throw e;
        }
    }

    private static void keep(byte[] rawRequest) {
        try {
            Files.createDirectories(DIRECTORY);
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rawRequest), 0, 8);
            Files.write(DIRECTORY.resolve("finding-" + name + ".http"), rawRequest);
        } catch (IOException | NoSuchAlgorithmException e) {
            // Keeping a finding is a convenience; the failure itself is reported either way.
        }
    }
}
