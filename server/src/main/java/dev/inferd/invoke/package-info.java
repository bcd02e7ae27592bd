/**
 * Invocation: turning a decoded request into calls on a loaded version. Owns the protocol's batch
 * rules (detection by arity, IDs, ordering, duplicates), chunking for parallelism, per-item errors
 * and timeouts.
 */
package dev.inferd.invoke;
