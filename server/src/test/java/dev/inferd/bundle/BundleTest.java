package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleTest {
    private static final ManifestParser PARSER = new ManifestParser();
    private static final String MANIFEST = "runtime: java\nmain: Scorer#score\n";

    private static Map<String, byte[]> files(String... namesAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void theContentHashDependsOnTheFilesNotOnTheirOrder() {
        Bundle one = Bundle.of(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}", "b.txt", "b"), PARSER);
        Bundle other = Bundle.of(files("b.txt", "b", "Scorer.java", "class Scorer {}", "inferd.yaml", MANIFEST), PARSER);

        assertThat(one.contentHash()).isEqualTo(other.contentHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void anyChangeOfAPathOrOfItsBytesChangesTheContentHash() {
        String base = Bundle.of(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer {}"), PARSER).contentHash();

        assertThat(Bundle.of(files("inferd.yaml", MANIFEST, "Scorer.java", "class Scorer { }"), PARSER).contentHash()).isNotEqualTo(base);
        assertThat(Bundle.of(files("inferd.yaml", MANIFEST, "Other.java", "class Scorer {}"), PARSER).contentHash()).isNotEqualTo(base);
        assertThat(Bundle.of(files("inferd.yaml", MANIFEST + "\n", "Scorer.java", "class Scorer {}"), PARSER).contentHash())
                .isNotEqualTo(base);
    }

    @Test
    void movingBytesBetweenAPathAndItsContentChangesTheContentHash() {
        String one = Bundle.of(files("inferd.yaml", MANIFEST, "ab", "c"), PARSER).contentHash();
        String other = Bundle.of(files("inferd.yaml", MANIFEST, "a", "bc"), PARSER).contentHash();

        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void aZipRoundTripKeepsTheContentHash() {
        Bundle bundle = Bundle.of(files("inferd.yaml", MANIFEST, "com/example/Scorer.java", "class Scorer {}"), PARSER);

        Bundle again = Bundle.of(new BundleZip(1 << 20).read(BundleZip.write(bundle.files())), PARSER);

        assertThat(again.contentHash()).isEqualTo(bundle.contentHash());
    }

    @Test
    void aBundleWithoutAManifestAtItsRootIsRefused() {
        assertThatThrownBy(() -> Bundle.of(files("sub/inferd.yaml", MANIFEST), PARSER))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("inferd.yaml");
    }

    @Test
    void aBundleWithAnEscapingPathIsRefused() {
        assertThatThrownBy(() -> Bundle.of(files("inferd.yaml", MANIFEST, "../evil.java", "x"), PARSER))
                .isInstanceOf(BundleRejectedException.class);
    }
}
