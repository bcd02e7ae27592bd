package dev.inferd.runtime;

import dev.inferd.bundle.ManifestSection;

import java.util.function.Function;

/**
 * What a runtime package offers the server: its part of the manifest, which {@code inferd deploy}
 * checks without building any runtime, and how to build the runtime from the server's shared parts.
 * Main lists the kinds it serves, one line each, so adding a runtime is a new package and that line.
 */
public record RuntimeKind(ManifestSection manifest, Function<RuntimeParts, ModelRuntime> build) {
}
