package dev.inferd.runtime;

import dev.inferd.error.BundleRejectedException;

/** A kind of main function (java, python, onnx): turns a bundle into a {@link LoadedModel}. */
public interface ModelRuntime {

    /** The manifest's {@code runtime:} value this runtime serves. */
    String name();

    /**
     * Compiles or imports the bundle and finds its main function.
     *
     * @throws BundleRejectedException when the bundle cannot be made to run, with a message for the deployer
     */
    LoadedModel load(ModelSource source);
}
