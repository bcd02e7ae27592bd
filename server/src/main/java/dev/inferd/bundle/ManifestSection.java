package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;

import java.util.EnumSet;
import java.util.Set;

/**
 * One runtime's part of {@code inferd.yaml}: the form of its {@code main} and the keys it reads
 * beyond the common ones ({@code source:}, {@code python:} and {@code workers:} for Python). Each
 * runtime package implements it; the {@link ManifestParser} is given the sections it checks.
 */
public interface ManifestSection {

    /** The manifest's {@code runtime:} value this section belongs to. */
    String runtime();

    /** The keys this runtime reads beyond the common ones. */
    Set<String> keys();

    /** The key that names the main function ({@code main:}), or what stands for it ({@code model:} for ONNX). */
    default String mainKey() {
        return "main";
    }

    /**
     * The ways its main functions may take a batch ({@code batch:}); one call per item only, unless it
     * says more. Empty for a runtime whose models take a batch's rows in one run as they are (ONNX),
     * for which {@code batch:}, {@code columns:} and {@code batch_size:} mean nothing.
     */
    default Set<BatchForm.Shape> batchShapes() {
        return EnumSet.of(BatchForm.Shape.PER_ITEM);
    }

    /**
     * Refuses a {@code main} that cannot name a main function of this runtime; whether the bundle
     * has it is found when the runtime loads it.
     *
     * @throws BundleRejectedException with a message for the deployer
     */
    void checkMain(String main);

    /**
     * Refuses a value of one of {@link #keys()} that this runtime could not use. Called for every
     * manifest, whatever its runtime, so a key is checked the same way wherever it is written.
     *
     * @param keys the manifest's keys beyond the common ones
     * @throws BundleRejectedException with a message for the deployer
     */
    void checkKeys(ManifestKeys keys);
}
