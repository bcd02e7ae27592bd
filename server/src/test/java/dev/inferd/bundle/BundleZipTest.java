package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleZipTest {
    private static final BundleZip BUNDLE_ZIP = new BundleZip(64 * 1024);

    private static Map<String, byte[]> files(String... namesAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static Map<String, String> texts(Map<String, byte[]> files) {
        Map<String, String> texts = new TreeMap<>();
        files.forEach((name, bytes) -> texts.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return texts;
    }

    private static Map<String, String> entries(String... namesAndContents) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put(namesAndContents[i], namesAndContents[i + 1]);
        }
        return entries;
    }

    @Test
    void whatIsWrittenIsReadBack() {
        Map<String, byte[]> written = files("inferd.yaml", "runtime: java\n", "com/example/Scorer.java", "class Scorer {}",
                "empty.txt", "");

        Map<String, byte[]> read = BUNDLE_ZIP.read(BundleZip.write(written));

        assertThat(texts(read)).isEqualTo(texts(written));
    }

    @Test
    void writingIsDeterministicWhateverTheOrderOfTheFiles() {
        byte[] one = BundleZip.write(files("b.java", "B", "inferd.yaml", "x", "a/c.java", "C"));
        byte[] other = BundleZip.write(files("a/c.java", "C", "inferd.yaml", "x", "b.java", "B"));

        assertThat(one).isEqualTo(other);
    }

    @Test
    void aSingleTopFolderHoldingTheManifestIsStripped() {
        byte[] zip = ZipBytes.zip(entries("my_bundle/", null, "my_bundle/inferd.yaml", "runtime: java\n",
                "my_bundle/src/Scorer.java", "class Scorer {}"));

        Map<String, byte[]> read = BUNDLE_ZIP.read(zip);

        assertThat(read).containsOnlyKeys("inferd.yaml", "src/Scorer.java");
    }

    @Test
    void aSingleTopFolderWithoutAManifestIsKept() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "runtime: java\n", "src/Scorer.java", "class Scorer {}"));

        assertThat(BUNDLE_ZIP.read(zip)).containsOnlyKeys("inferd.yaml", "src/Scorer.java");
        assertThat(BUNDLE_ZIP.read(ZipBytes.zip(entries("src/inferd.yaml", "x", "other/Scorer.java", "y"))))
                .containsOnlyKeys("src/inferd.yaml", "other/Scorer.java");
        assertThat(BUNDLE_ZIP.read(ZipBytes.zip(entries("top/Scorer.java", "y"))))
                .containsOnlyKeys("top/Scorer.java");
    }

    @Test
    void entriesThatClimbOutOfTheBundleAreRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "../evil.java", "class Evil {}"));

        assertThatThrownBy(() -> BUNDLE_ZIP.read(zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("../evil.java");
    }

    @Test
    void absoluteEntriesAreRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "/abs.java", "class Abs {}"));

        assertThatThrownBy(() -> BUNDLE_ZIP.read(zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("/abs.java");
    }

    @Test
    void directoryEntriesThatClimbOutAreRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "../outside/", null));

        assertThatThrownBy(() -> BUNDLE_ZIP.read(zip)).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void symbolicLinksAreRefused() {
        byte[] zip = ZipBytes.withUnixMode(ZipBytes.zip(entries("inferd.yaml", "x", "link.java", "/etc/passwd")),
                "link.java", ZipBytes.UNIX_SYMLINK_MODE);

        assertThatThrownBy(() -> BUNDLE_ZIP.read(zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("symbolic link")
                .hasMessageContaining("link.java");
    }

    @Test
    void ordinaryUnixFileModesAreAccepted() {
        byte[] zip = ZipBytes.withUnixMode(ZipBytes.zip(entries("inferd.yaml", "x", "run.sh", "echo")), "run.sh", 0100755);

        assertThat(BUNDLE_ZIP.read(zip)).containsOnlyKeys("inferd.yaml", "run.sh");
    }

    @Test
    void theSameNameTwiceIsRefused() {
        byte[] zip = ZipBytes.renamed(ZipBytes.zip(entries("inferd.yaml", "x", "a.java", "class A {}", "b.java", "class B {}")),
                "b.java", "a.java");

        assertThatThrownBy(() -> BUNDLE_ZIP.read(zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("a.java");
    }

    @Test
    void bytesThatAreNotAZipAreRefused() {
        assertThatThrownBy(() -> BUNDLE_ZIP.read("runtime: java".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("not a valid zip");
        assertThatThrownBy(() -> BUNDLE_ZIP.read(new byte[0])).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void aTruncatedZipIsRefused() {
        byte[] zip = BundleZip.write(files("inferd.yaml", "runtime: java\n".repeat(50)));
        byte[] truncated = Arrays.copyOf(zip, zip.length / 2);

        assertThatThrownBy(() -> BUNDLE_ZIP.read(truncated)).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void aZipWithNoFilesIsRefused() {
        assertThatThrownBy(() -> BUNDLE_ZIP.read(ZipBytes.zip(entries("only_a_folder/", null))))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("no files");
    }

    @Test
    void aZipThatUnpacksPastTheLimitIsRefusedEvenWhenItIsSmall() {
        BundleZip limited = new BundleZip(10_000);
        byte[] bomb = BundleZip.write(files("inferd.yaml", "x", "zeros.txt", "0".repeat(10_001)));

        assertThat(bomb.length).isLessThan(1_000);
        assertThatThrownBy(() -> limited.read(bomb))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("10000");
    }

    @Test
    void theLimitCountsEveryFileTogether() {
        BundleZip limited = new BundleZip(10_000);

        assertThat(limited.read(BundleZip.write(files("a.txt", "a".repeat(5_000), "b.txt", "b".repeat(5_000)))))
                .containsOnlyKeys("a.txt", "b.txt");
        assertThatThrownBy(() -> limited.read(BundleZip.write(files("a.txt", "a".repeat(5_000), "b.txt", "b".repeat(5_001)))))
                .isInstanceOf(BundleRejectedException.class);
    }
}
