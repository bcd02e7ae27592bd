/**
 * {@code runtime: python}: worker processes that import a bundle's source once and run chunks of
 * calls sent as length-prefixed JSON frames, with restart on death, timeouts by killing, and no
 * orphans when the server stops. The protocol is described in {@code PythonWorker} and in the
 * worker script itself.
 */
package dev.inferd.runtime.python;
