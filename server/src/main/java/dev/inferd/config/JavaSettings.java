package dev.inferd.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The Java runtime's settings.
 *
 * @param classCache where classes compiled from Java sources are kept for other data directories
 *                   too; empty: only in this one
 */
public record JavaSettings(Optional<Path> classCache) {
    public static final JavaSettings DEFAULTS = new JavaSettings(Optional.empty());

    public JavaSettings {
        Objects.requireNonNull(classCache, "classCache");
    }
}
