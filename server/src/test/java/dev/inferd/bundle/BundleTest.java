package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.RuntimeFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleTest {
    private static final ManifestParser PARSER = new ManifestParser();
    private static final String MANIFEST = "runtime: java\nmain: Scorer#score\n";

    @TempDir
    Path work;

    private UnpackedBundles bundles() {
        return new UnpackedBundles(work.resolve("bundles"), 1 << 20, PARSER);
    }

    private Bundle unpack(Map<String, byte[]> files) {
        return bundles().unpack(new BundleUpload.InMemory(files));
    }

    private static Map<String, byte[]> files(String... namesAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void theContentHashDependsOnTheFilesNotOnTheirOrder() {
        Bundle one = unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}", "b.txt", "b"));
        Bundle other = unpack(files("b.txt", "b", "Scorer.java", "class Scorer {}", "inferd.yaml", MANIFEST));

        assertThat(one.contentHash()).isEqualTo(other.contentHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void anyChangeOfAPathOrOfItsBytesChangesTheContentHash() {
        String base = unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}")).contentHash();

        assertThat(unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer { }")).contentHash()).isNotEqualTo(base);
        assertThat(unpack(files("inferd.yaml", MANIFEST, "Other.java", "class Scorer {}")).contentHash()).isNotEqualTo(base);
        assertThat(unpack(files("inferd.yaml", MANIFEST + "\n", "Scorer.java", "class Scorer {}")).contentHash())
                .isNotEqualTo(base);
    }

    @Test
    void movingBytesBetweenAPathAndItsContentChangesTheContentHash() {
        String one = unpack(files("inferd.yaml", MANIFEST, "ab", "c")).contentHash();
        String other = unpack(files("inferd.yaml", MANIFEST, "a", "bc")).contentHash();

        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void aZipRoundTripKeepsTheContentHash() throws IOException {
        Bundle bundle = unpack(files("inferd.yaml", MANIFEST, "com/example/Scorer.java", "class Scorer {}"));
        Path zip = work.resolve("bundle.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            bundle.writeZip(out);
        }

        Bundle again = bundles().unpack(new BundleUpload.Zipped(zip));

        assertThat(again.contentHash()).isEqualTo(bundle.contentHash());
    }

    @Test
    void aBundleIsUnpackedUnderItsContentHashWithNothingElseLeftBeside() throws IOException {
        Bundle bundle = unpack(files("inferd.yaml", MANIFEST, "com/example/Scorer.java", "class Scorer {}"));

        assertThat(bundle.directory()).isEqualTo(work.resolve("bundles").resolve(bundle.contentHash()));
        assertThat(Files.readString(bundle.directory().resolve("com/example/Scorer.java"))).isEqualTo("class Scorer {}");
        try (Stream<Path> entries = Files.list(work.resolve("bundles"))) {
            assertThat(entries).containsExactly(bundle.directory());
        }
    }

    @Test
    void theSameFilesUnpackedTwiceShareOneDirectory() {
        Bundle one = unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}"));
        Bundle other = unpack(files("Scorer.java", "class Scorer {}", "inferd.yaml", MANIFEST));

        assertThat(other.directory()).isEqualTo(one.directory());
    }

    @Test
    void theBundlesFilesAreListedWithTheirSizes() {
        Bundle bundle = unpack(files("inferd.yaml", MANIFEST, "b.txt", "bb", "a/c.txt", ""));

        assertThat(bundle.files()).containsExactly(Map.entry("a/c.txt", 0L), Map.entry("b.txt", 2L),
                Map.entry("inferd.yaml", (long) MANIFEST.length()));
        assertThat(bundle.totalBytes()).isEqualTo(2 + MANIFEST.length());
    }

    @Test
    void aFileWhereAnotherNeedsAFolderIsTheBundlesFault() {
        assertThatThrownBy(() -> unpack(files("inferd.yaml", MANIFEST, "a", "x", "a/b/c", "y")))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("a/b/c");
        assertThat(work.resolve("bundles")).isEmptyDirectory();
    }

    @Test
    void filesAddingUpPastTheLimitAreRefused() {
        UnpackedBundles small = new UnpackedBundles(work.resolve("bundles"), 1_000, PARSER);

        assertThatThrownBy(() -> small.unpack(new BundleUpload.InMemory(files("inferd.yaml", MANIFEST, "big.txt", "x".repeat(1_000)))))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("1000");
    }

    @Test
    void aStoredBundleIsCheckedAgainstItsHashWhetherOrNotItIsUnpackedAlready() throws IOException {
        Bundle bundle = unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}"));
        Path zip = work.resolve("other.zip");
        Files.write(zip, BundleZip.write(files("inferd.yaml", MANIFEST, "Scorer.java", "class Other {}")));

        assertThatThrownBy(() -> bundles().stored(bundle.contentHash(), zip))
                .isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining(bundle.contentHash());
        AtomicDirectory.deleteRecursively(bundle.directory());
        assertThatThrownBy(() -> bundles().stored(bundle.contentHash(), zip))
                .isInstanceOf(RuntimeFailureException.class);
        assertThat(work.resolve("bundles")).isEmptyDirectory();
    }

    @Test
    void aStoredBundleIsUnpackedFromItsZip() throws IOException {
        Bundle bundle = unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}"));
        Path zip = work.resolve("stored.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            bundle.writeZip(out);
        }
        AtomicDirectory.deleteRecursively(bundle.directory());

        Bundle stored = bundles().stored(bundle.contentHash(), zip);

        assertThat(stored.directory()).isEqualTo(bundle.directory());
        assertThat(Files.readString(stored.directory().resolve("Scorer.java"))).isEqualTo("class Scorer {}");
        assertThat(stored.manifest().main()).isEqualTo("Scorer#score");
    }

    @Test
    void aBundleWithoutAManifestAtItsRootIsRefused() {
        assertThatThrownBy(() -> unpack(files("sub/inferd.yaml", MANIFEST)))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("inferd.yaml");
    }

    @Test
    void aBundleWithAnEscapingPathIsRefused() {
        assertThatThrownBy(() -> unpack(files("inferd.yaml", MANIFEST, "../evil.java", "x")))
                .isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void aBundleWhoseFilesChangedOnDiskIsNotZippedUnderItsHash() throws IOException {
        Bundle bundle = unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}"));
        Files.writeString(bundle.directory().resolve("Scorer.java"), "class Other {}");

        assertThatThrownBy(() -> bundle.writeZip(OutputStream.nullOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("changed");
    }

    @Test
    void filesThatCodeWroteBesideTheBundleAreNotZipped() throws IOException {
        Bundle bundle = unpack(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}"));
        Files.writeString(bundle.directory().resolve("cache.txt"), "written by a model");
        Path zip = work.resolve("bundle.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            bundle.writeZip(out);
        }

        assertThat(new BundleZip(1 << 20).contents(zip).files()).containsOnlyKeys("inferd.yaml", "Scorer.java");
    }
}
