package dev.inferd.runtime;

import dev.inferd.bundle.Manifest;

import java.nio.file.Path;

/**
 * What a runtime loads a version from: its manifest, the unpacked bundle directory (read-only to the
 * runtime) and a scratch directory it may use for build output keyed to this content.
 *
 * @param version     the version number, or the number a deploy in progress will get
 * @param contentHash the bundle's {@link dev.inferd.bundle.Bundle#contentHash()}, which names what
 *                    the bundle directory holds
 */
public record ModelSource(String deployment, int version, Manifest manifest, Path bundleDirectory, Path buildDirectory,
                          String contentHash) {

    /** "name/3", for logs, thread names and class loader names. */
    public String label() {
        return deployment + "/" + version;
    }
}
