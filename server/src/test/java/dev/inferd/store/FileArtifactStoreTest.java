package dev.inferd.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileArtifactStoreTest {
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @TempDir
    Path root;

    @Test
    void anArtifactIsReadBackByItsHashAlsoByANewStore() {
        new FileArtifactStore(root).put(HASH_A, ArtifactBytes.content(new byte[] {1, 2, 3}));

        assertThat(new FileArtifactStore(root).file(HASH_A).map(ArtifactBytes::read)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3));
        assertThat(new FileArtifactStore(root).file(HASH_B).map(ArtifactBytes::read)).isEmpty();
    }

    @Test
    void writingTheSameHashTwiceKeepsTheFirstBytes() {
        FileArtifactStore store = new FileArtifactStore(root);
        store.put(HASH_A, ArtifactBytes.content(new byte[] {1}));

        store.put(HASH_A, ArtifactBytes.content(new byte[] {1}));

        assertThat(store.file(HASH_A).map(ArtifactBytes::read)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1));
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        store.put(HASH_A, ArtifactBytes.content(new byte[100]));
        store.put(HASH_B, ArtifactBytes.content(new byte[100]));

        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder(HASH_A + ".zip", HASH_B + ".zip");
        }
    }

    @Test
    void retainOnlyRemovesEveryOtherArtifact() {
        FileArtifactStore store = new FileArtifactStore(root);
        store.put(HASH_A, ArtifactBytes.content(new byte[] {1}));
        store.put(HASH_B, ArtifactBytes.content(new byte[] {2}));

        int removed = store.retainOnly(Set.of(HASH_B));

        assertThat(removed).isEqualTo(1);
        assertThat(store.file(HASH_A).map(ArtifactBytes::read)).isEmpty();
        assertThat(store.file(HASH_B).map(ArtifactBytes::read)).isPresent();
    }

    @Test
    void somethingThatIsNotAContentHashIsNeverUsedAsAFileName() {
        FileArtifactStore store = new FileArtifactStore(root);

        assertThatThrownBy(() -> store.put("../../etc/passwd", ArtifactBytes.content(new byte[0]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.file("A".repeat(64)).map(ArtifactBytes::read)).isInstanceOf(IllegalArgumentException.class);
    }
}
