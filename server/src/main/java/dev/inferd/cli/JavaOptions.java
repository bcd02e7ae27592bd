package dev.inferd.cli;

import dev.inferd.config.JavaSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@code serve} options of {@link JavaSettings}. */
final class JavaOptions {
    /** The word that turns the compiled-class cache off, where a directory is expected. */
    static final String NO_CLASS_CACHE = "none";

    @Option(names = "--java-class-cache", paramLabel = "DIR", converter = DirectoryOrNone.class,
            description = "Keep classes compiled from Java sources here too, for any data directory to reuse; none keeps them"
                    + " in the data directory only (default: the java-class-cache folder beside the server's jar, if there is one).")
    String classCache;

    /**
     * @param besideTheJar looks for the cache a start without {@code --java-class-cache} uses; asked
     *                     only then
     */
    JavaSettings settings(Supplier<Optional<Path>> besideTheJar) {
        return new JavaSettings(classCacheDirectory(besideTheJar));
    }

    /** The flag's directory, nothing for {@code none} (or an empty value), and without the flag the one beside the jar. */
    private Optional<Path> classCacheDirectory(Supplier<Optional<Path>> besideTheJar) {
        if (classCache == null) {
            return besideTheJar.get();
        }
        return classCache.isBlank() || classCache.equals(NO_CLASS_CACHE) ? Optional.empty() : Optional.of(Path.of(classCache));
    }

    /** Keeps {@code --java-class-cache}'s text, refusing as a usage error a path the file system cannot name. */
    static final class DirectoryOrNone implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.isBlank() && !value.equals(NO_CLASS_CACHE)) {
                try {
                    Path.of(value);
                } catch (InvalidPathException e) {
                    throw new TypeConversionException("'" + value + "' is not a directory path: " + e.getReason());
                }
            }
            return value;
        }
    }
}
