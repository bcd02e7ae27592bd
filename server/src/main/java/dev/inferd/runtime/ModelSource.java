package dev.inferd.runtime;

import dev.inferd.bundle.Manifest;

import java.nio.file.Path;

/**
 * What a runtime loads a version from: its manifest, the unpacked bundle directory (read-only to the
 * runtime), a scratch directory it may use for build output keyed to this content, and a label for logs.
 */
public record ModelSource(String label, Manifest manifest, Path bundleDirectory, Path buildDirectory) {

    /** The deployment's name: the label is "name/version". */
    public String deployment() {
        return label.substring(0, label.lastIndexOf('/'));
    }

    /** The version number as text, or the provisional number of a deploy in progress. */
    public String version() {
        return label.substring(label.lastIndexOf('/') + 1);
    }
}
