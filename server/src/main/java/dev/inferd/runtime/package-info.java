/**
 * The contract between invocation and the code people deploy: a {@link dev.inferd.runtime.ModelRuntime}
 * loads a bundle into a {@link dev.inferd.runtime.LoadedModel}, which runs batches of
 * {@link dev.inferd.runtime.Call}s and answers one {@link dev.inferd.runtime.Outcome} per call.
 * One sub-package per runtime, holding all it knows: with its {@code ModelRuntime}, its
 * {@link dev.inferd.bundle.ManifestSection} of {@code inferd.yaml}.
 */
package dev.inferd.runtime;
