package dev.inferd.store;

import dev.inferd.registry.ArtifactStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Artifacts as files {@code <root>/<first two hex digits>/<hash>.zip}, written with
 * {@link DurableFiles}, so a crash never leaves half an artifact under its hash.
 */
public final class FileArtifactStore implements ArtifactStore {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public FileArtifactStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create artifact directory " + root, e);
        }
    }

    @Override
    public void put(String contentHash, Content bundleZip) {
        Path target = pathOf(contentHash);
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            DurableFiles.replace(target, bundleZip::writeTo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store artifact " + contentHash, e);
        }
    }

    @Override
    public Optional<Path> file(String contentHash) {
        Path file = pathOf(contentHash);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public int retainOnly(Set<String> keep) {
        int removed = 0;
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                boolean empty = true;
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path file : files) {
                        String hash = file.getFileName().toString().replace(".zip", "");
                        boolean leftover = file.getFileName().toString().endsWith(".partial");
                        if ((leftover || !keep.contains(hash)) && Files.deleteIfExists(file)) {
                            removed += leftover ? 0 : 1;
                        } else {
                            empty = false;
                        }
                    }
                }
                if (empty) {
                    Files.deleteIfExists(shard);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean artifact directory " + root, e);
        }
        return removed;
    }

    private Path pathOf(String contentHash) {
        return pathIn(root, contentHash);
    }

    /** Where the store rooted at {@code root} keeps the artifact, whether or not it is there. */
    static Path pathIn(Path root, String contentHash) {
        if (!HASH.matcher(contentHash).matches()) {
            throw new IllegalArgumentException("not a content hash: " + contentHash);
        }
        return root.resolve(contentHash.substring(0, 2)).resolve(contentHash + ".zip");
    }
}
