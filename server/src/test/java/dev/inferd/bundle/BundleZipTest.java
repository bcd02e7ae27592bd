package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleZipTest {
    private static final BundleZip BUNDLE_ZIP = new BundleZip(64 * 1024);

    @TempDir
    Path work;
    private int zips;

    /** Unpacks the zip into a new folder, and reads back what was written there. */
    private Map<String, byte[]> read(BundleZip bundleZip, byte[] zip) {
        try {
            Path file = Files.write(work.resolve(++zips + ".zip"), zip);
            Path directory = Files.createDirectory(work.resolve("unpacked-" + zips));
            BundleZip.Contents contents = bundleZip.unpack(file, directory);
            Map<String, byte[]> files = new TreeMap<>();
            for (String path : contents.files().keySet()) {
                files.put(path, Files.readAllBytes(directory.resolve(path)));
            }
            try (Stream<Path> written = Files.walk(directory)) {
                assertThat(written.filter(Files::isRegularFile).count()).as("files written").isEqualTo(files.size());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

        Map<String, byte[]> read = read(BUNDLE_ZIP, BundleZip.write(written));

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

        Map<String, byte[]> read = read(BUNDLE_ZIP, zip);

        assertThat(read).containsOnlyKeys("inferd.yaml", "src/Scorer.java");
    }

    @Test
    void aSingleTopFolderWithoutAManifestIsKept() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "runtime: java\n", "src/Scorer.java", "class Scorer {}"));

        assertThat(read(BUNDLE_ZIP, zip)).containsOnlyKeys("inferd.yaml", "src/Scorer.java");
        assertThat(read(BUNDLE_ZIP, ZipBytes.zip(entries("src/inferd.yaml", "x", "other/Scorer.java", "y"))))
                .containsOnlyKeys("src/inferd.yaml", "other/Scorer.java");
        assertThat(read(BUNDLE_ZIP, ZipBytes.zip(entries("top/Scorer.java", "y"))))
                .containsOnlyKeys("top/Scorer.java");
    }

    @Test
    void entriesThatClimbOutOfTheBundleAreRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "../evil.java", "class Evil {}"));

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("../evil.java");
    }

    @Test
    void absoluteEntriesAreRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "/abs.java", "class Abs {}"));

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("/abs.java");
    }

    @Test
    void directoryEntriesThatClimbOutAreRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "../outside/", null));

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip)).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void symbolicLinksAreRefused() {
        byte[] zip = ZipBytes.withUnixMode(ZipBytes.zip(entries("inferd.yaml", "x", "link.java", "/etc/passwd")),
                "link.java", ZipBytes.UNIX_SYMLINK_MODE);

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("symbolic link")
                .hasMessageContaining("link.java");
    }

    @Test
    void ordinaryUnixFileModesAreAccepted() {
        byte[] zip = ZipBytes.withUnixMode(ZipBytes.zip(entries("inferd.yaml", "x", "run.sh", "echo")), "run.sh", 0100755);

        assertThat(read(BUNDLE_ZIP, zip)).containsOnlyKeys("inferd.yaml", "run.sh");
    }

    @Test
    void theSameNameTwiceIsRefused() {
        byte[] zip = ZipBytes.renamed(ZipBytes.zip(entries("inferd.yaml", "x", "a.java", "class A {}", "b.java", "class B {}")),
                "b.java", "a.java");

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("a.java");
    }

    @Test
    void bytesThatAreNotAZipAreRefused() {
        assertThatThrownBy(() -> read(BUNDLE_ZIP, "runtime: java".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("not a valid zip");
        assertThatThrownBy(() -> read(BUNDLE_ZIP, new byte[0])).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void aTruncatedZipIsRefused() {
        byte[] zip = BundleZip.write(files("inferd.yaml", "runtime: java\n".repeat(50)));
        byte[] truncated = Arrays.copyOf(zip, zip.length / 2);

        assertThatThrownBy(() -> read(BUNDLE_ZIP, truncated)).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void aZipWithNoFilesIsRefused() {
        assertThatThrownBy(() -> read(BUNDLE_ZIP, ZipBytes.zip(entries("only_a_folder/", null))))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("no files");
    }

    @Test
    void aZipThatUnpacksPastTheLimitIsRefusedEvenWhenItIsSmall() {
        BundleZip limited = new BundleZip(10_000);
        byte[] bomb = BundleZip.write(files("inferd.yaml", "x", "zeros.txt", "0".repeat(10_001)));

        assertThat(bomb.length).isLessThan(1_000);
        assertThatThrownBy(() -> read(limited, bomb))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("10000");
    }

    @Test
    void theLimitCountsEveryFileTogether() {
        BundleZip limited = new BundleZip(10_000);

        assertThat(read(limited, BundleZip.write(files("a.txt", "a".repeat(5_000), "b.txt", "b".repeat(5_000)))))
                .containsOnlyKeys("a.txt", "b.txt");
        assertThatThrownBy(() -> read(limited, BundleZip.write(files("a.txt", "a".repeat(5_000), "b.txt", "b".repeat(5_001)))))
                .isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void anEntryThatHoldsOtherThanTheSizeTheDirectoryGivesIsRefused() {
        byte[] zip = BundleZip.write(files("inferd.yaml", "x", "weights.bin", "0123456789"));

        assertThatThrownBy(() -> read(BUNDLE_ZIP, ZipBytes.withDeclaredSize(zip, "weights.bin", 5)))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("weights.bin");
        assertThatThrownBy(() -> read(BUNDLE_ZIP, ZipBytes.withDeclaredSize(zip, "weights.bin", 20)))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("weights.bin");
    }

    @Test
    void aFileWhereAnotherNeedsAFolderIsRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "a", "file", "a/b", "file below a file"));

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("a/b");
    }

    @Test
    void theContentsOfAZipAreReadWithoutWritingAndHashAsWhenUnpacked() throws IOException {
        Path zip = Files.write(work.resolve("bundle.zip"), BundleZip.write(files("inferd.yaml", "x", "src/A.java", "class A {}")));
        Path directory = Files.createDirectory(work.resolve("unpacked"));

        BundleZip.Contents read = BUNDLE_ZIP.contents(zip);

        assertThat(directory).isEmptyDirectory();
        assertThat(read).isEqualTo(BUNDLE_ZIP.unpack(zip, directory));
        assertThat(read.files()).containsExactly(Map.entry("inferd.yaml", 1L), Map.entry("src/A.java", 10L));
    }

    @Test
    void filesZippedFromDiskAreTheBytesOfTheSameFilesZippedFromMemory() throws IOException {
        Map<String, byte[]> files = files("inferd.yaml", "x", "src/A.java", "class A {}", "empty.txt", "");
        SortedMap<String, Path> onDisk = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = work.resolve("disk").resolve(file.getKey());
            Files.createDirectories(path.getParent());
            onDisk.put(file.getKey(), Files.write(path, file.getValue()));
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();

        BundleZip.write(onDisk, zipped);

        assertThat(zipped.toByteArray()).isEqualTo(BundleZip.write(files));
    }

    @Test
    void anEntryNameThatIsNotUtf8IsRefusedAsSuch() {
        byte[] zip = ZipBytes.withMarkerByte(ZipBytes.zip(entries("inferd.yaml", "x", "Xb.txt", "b")), "Xb", (byte) 0xFF);

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessage("the zip has an entry name that is not UTF-8");
    }

    @Test
    void filesOfAMebibyteOrMoreAreStoredAndSmallerOnesDeflatedAlikeFromDiskAndFromMemory() throws IOException {
        byte[] weights = new byte[(int) BundleZip.STORED_FROM_BYTES];
        Arrays.fill(weights, (byte) 7);
        Map<String, byte[]> files = Map.of("inferd.yaml", "runtime: python\n".repeat(100).getBytes(StandardCharsets.UTF_8),
                "weights.bin", weights);
        SortedMap<String, Path> onDisk = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            onDisk.put(file.getKey(), Files.write(work.resolve(file.getKey()), file.getValue()));
        }
        ByteArrayOutputStream fromDisk = new ByteArrayOutputStream();
        BundleZip.write(onDisk, fromDisk);

        byte[] fromMemory = BundleZip.write(files);

        assertThat(fromDisk.toByteArray()).isEqualTo(fromMemory);
        Path zip = Files.write(work.resolve("written.zip"), fromMemory);
        try (java.util.zip.ZipFile read = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(read.getEntry("weights.bin").getMethod()).isEqualTo(java.util.zip.ZipEntry.STORED);
            assertThat(read.getEntry("inferd.yaml").getMethod()).isEqualTo(java.util.zip.ZipEntry.DEFLATED);
        }
        assertThat(new BundleZip(4 << 20).contents(zip).files()).containsEntry("weights.bin", (long) weights.length);
    }

    @Test
    void anEntryWhoseBytesDoNotMatchItsChecksumIsRefused() {
        byte[] weights = new byte[(int) BundleZip.STORED_FROM_BYTES];
        byte[] zip = BundleZip.write(Map.of("inferd.yaml", "x".getBytes(StandardCharsets.UTF_8), "weights.bin", weights));
        // Stored, not deflated: the middle of the zip is the middle of weights.bin.
        zip[zip.length / 2] = 1;

        assertThatThrownBy(() -> read(new BundleZip(4 << 20), zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("weights.bin")
                .hasMessageContaining("checksum");
    }

    @Test
    void aSymbolicLinkPastTheCountTheEndRecordGivesIsStillFound() {
        byte[] zip = ZipBytes.withUnixMode(ZipBytes.zip(entries("inferd.yaml", "x", "link.java", "/etc/passwd")),
                "link.java", ZipBytes.UNIX_SYMLINK_MODE);

        assertThatThrownBy(() -> read(BUNDLE_ZIP, ZipBytes.withDeclaredEntryCount(zip, 1)))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aListOfEntriesLargerThanABundleCanNeedIsRefusedBeforeItIsRead() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x"));

        assertThatThrownBy(() -> read(BUNDLE_ZIP, ZipBytes.withDeclaredDirectoryLength(zip, 400 << 20)))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("list of entries is over");
    }

    @Test
    void aZip64ArchiveIsRead() {
        byte[] zip = ZipBytes.asZip64(BundleZip.write(files("inferd.yaml", "runtime: java\n", "src/A.java", "class A {}")));

        assertThat(read(BUNDLE_ZIP, zip)).containsOnlyKeys("inferd.yaml", "src/A.java");
    }

    @Test
    void aFileWhereAnotherNeedsAFolderFurtherDownIsRefusedBeforeAnythingIsWritten() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", "x", "a", "file", "a/b/c", "file two folders below a file"));

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("a/b/c");
    }

    @Test
    void aZipWhoseCommentHoldsTheEndRecordsSignatureIsRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.setComment("made by a tool that writes PK\u0005\u0006 in its comments");
            zip.putNextEntry(new java.util.zip.ZipEntry("inferd.yaml"));
            zip.write("runtime: java\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(read(BUNDLE_ZIP, bytes.toByteArray())).containsOnlyKeys("inferd.yaml");
    }

    @Test
    void aZipWithBytesBeforeItIsReadAsZipFileReadsIt() {
        byte[] zip = BundleZip.write(files("inferd.yaml", "x", "a.txt", "a"));
        byte[] prefixed = new byte[100 + zip.length];
        System.arraycopy(zip, 0, prefixed, 100, zip.length);

        assertThat(read(BUNDLE_ZIP, prefixed)).containsOnlyKeys("inferd.yaml", "a.txt");
    }

    @Test
    void anEntryCommentThatIsNotUtf8IsABadBundleNotAServerError() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry("inferd.yaml");
            entry.setComment("Xc");
            zip.putNextEntry(entry);
            zip.write("x".getBytes(StandardCharsets.UTF_8));
        }
        byte[] zip = ZipBytes.withMarkerByte(bytes.toByteArray(), "Xc", (byte) 0xFF);

        assertThatThrownBy(() -> read(BUNDLE_ZIP, zip))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("not UTF-8");
    }
}
