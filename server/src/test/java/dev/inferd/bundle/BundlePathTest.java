package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundlePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"inferd.yaml", "Scorer.java", "com/example/Scorer.java", "model.v2/weights.bin", "..hidden", "a..b",
            "-dash", "sp ace.txt", "caf\u00e9.txt"})
    void relativeNormalizedPathsAreReturnedUnchanged(String path) {
        assertThat(BundlePath.check(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs.java", "/etc/passwd", "../evil.java", "a/../../evil.java", "a/..", "..", ".", "./a.java",
            "a/./b.java", "a//b.java", "a/", "dir\\file.java", "..\\evil.java", "C:evil.java", "c:/evil.java", "nul\0byte"})
    void pathsThatAreAbsoluteEscapeOrAreNotNormalizedAreRejected(String path) {
        assertThatThrownBy(() -> BundlePath.check(path)).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void theRejectionQuotesThePath() {
        assertThatThrownBy(() -> BundlePath.check("../evil.java"))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("'../evil.java'");
    }

    @Test
    void pathsUpTo1024CharactersAreAllowedAndLongerOnesAreNot() {
        String longest = ("a".repeat(254) + "/").repeat(4) + "a".repeat(4);

        assertThat(BundlePath.check(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> BundlePath.check(longest + "a")).isInstanceOf(BundleRejectedException.class);
    }

    @Test
    void namesUpTo255BytesAreAllowedAndLongerOnesAreNot() {
        String longestName = "a".repeat(253) + "\u00e9";

        assertThat(BundlePath.check("dir/" + longestName)).isEqualTo("dir/" + longestName);
        assertThatThrownBy(() -> BundlePath.check("dir/" + longestName + "a"))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("at most 255 bytes");
    }
}
