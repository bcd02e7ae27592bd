package dev.inferd.runtime;

import dev.inferd.error.BundleRejectedException;

import java.util.Optional;

/**
 * A kind of main function (java, python, onnx): turns a bundle into a {@link LoadedModel}. What a
 * runtime reads from {@code inferd.yaml} is its {@link dev.inferd.bundle.ManifestSection}, which
 * the manifest parser is given apart from the runtime, since the command line checks manifests
 * without running any.
 */
public interface ModelRuntime {

    /** The manifest's {@code runtime:} value this runtime serves. */
    String name();

    /**
     * Compiles or imports the bundle and finds its main function.
     *
     * @throws BundleRejectedException when the bundle cannot be made to run, with a message for the deployer
     */
    LoadedModel load(ModelSource source);

    /**
     * Batch items one loaded version may have accepted and not yet answered, unless the server is
     * given one limit for every runtime.
     */
    long inflightItems();

    /**
     * One line that sums up a failure message this runtime wrote (a load that failed, or a call
     * that failed, quoted by a deploy-time test), for a log line or {@code /readyz}; empty when the
     * message holds nothing of this runtime's own form.
     */
    default Optional<String> failureLine(String message) {
        return Optional.empty();
    }
}
