package dev.inferd.runtime.java;

import dev.inferd.bundle.BatchForm;
import dev.inferd.bundle.ManifestKeys;
import dev.inferd.bundle.ManifestSection;
import dev.inferd.error.BundleRejectedException;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Java part of {@code inferd.yaml}: {@code main} is {@code Class#method}, with the class's full
 * name when it is in a package; Java reads no keys of its own.
 */
public final class JavaManifest implements ManifestSection {
    private static final String IDENTIFIER = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";
    private static final Pattern MAIN = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*#" + IDENTIFIER);

    @Override
    public String runtime() {
        return JavaRuntime.NAME;
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Set<BatchForm.Shape> batchShapes() {
        return EnumSet.of(BatchForm.Shape.PER_ITEM, BatchForm.Shape.ROWS);
    }

    @Override
    public void checkMain(String main) {
        if (!MAIN.matcher(main).matches()) {
            throw new BundleRejectedException("a java main must look like com.example.Scorer#score; got '" + main + "'");
        }
    }

    @Override
    public void checkKeys(ManifestKeys keys) {
        // No keys of its own.
    }
}
