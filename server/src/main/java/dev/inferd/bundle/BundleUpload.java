package dev.inferd.bundle;

import java.nio.file.Path;
import java.util.Map;

/** The files of a deploy, as they arrived, before they are unpacked and checked ({@link UnpackedBundles#unpack}). */
public sealed interface BundleUpload {

    /** A zip file on disk, as uploaded: any zip a user made, read defensively. */
    record Zipped(Path file) implements BundleUpload {
    }

    /** Files held in memory: a JSON deploy's, or a small bundle directory read whole. */
    record InMemory(Map<String, byte[]> files) implements BundleUpload {
        public InMemory {
            files = Map.copyOf(files);
        }
    }
}
