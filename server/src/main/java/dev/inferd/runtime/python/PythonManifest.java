package dev.inferd.runtime.python;

import dev.inferd.bundle.BatchForm;
import dev.inferd.bundle.ManifestKeys;
import dev.inferd.bundle.ManifestSection;
import dev.inferd.error.BundleRejectedException;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Python part of {@code inferd.yaml}: {@code main} is a function name in the file named by
 * {@code source:}; {@code python:} and {@code workers:} replace the server's interpreter and worker
 * count for this bundle.
 */
public final class PythonManifest implements ManifestSection {
    static final String DEFAULT_SOURCE = "source.py";
    static final int MAX_WORKERS = 256;
    private static final Pattern MAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * @param source  the file that holds the main function
     * @param python  the interpreter to run the workers with, instead of the server's
     * @param workers worker processes per loaded version, instead of the server's number
     */
    record Options(String source, Optional<String> python, OptionalInt workers) {
        static Options of(ManifestKeys keys) {
            return new Options(keys.bundlePath("source").orElse(DEFAULT_SOURCE), keys.text("python"),
                    keys.wholeNumber("workers", MAX_WORKERS));
        }
    }

    @Override
    public String runtime() {
        return PythonRuntime.NAME;
    }

    @Override
    public Set<String> keys() {
        return Set.of("source", "python", "workers");
    }

    @Override
    public Set<BatchForm.Shape> batchShapes() {
        return EnumSet.allOf(BatchForm.Shape.class);
    }

    @Override
    public void checkMain(String main) {
        if (!MAIN.matcher(main).matches()) {
            throw new BundleRejectedException("a python main must be a function name; got '" + main + "'");
        }
    }

    @Override
    public void checkKeys(ManifestKeys keys) {
        Options.of(keys);
    }
}
