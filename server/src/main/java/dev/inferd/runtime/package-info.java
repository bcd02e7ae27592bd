/**
 * The contract between invocation and the code people deploy: a {@link dev.inferd.runtime.ModelRuntime}
 * loads a bundle into a {@link dev.inferd.runtime.LoadedModel}, which runs batches of
 * {@link dev.inferd.runtime.Call}s and answers one {@link dev.inferd.runtime.Outcome} per call.
 * One sub-package per runtime.
 */
package dev.inferd.runtime;
