/**
 * Invocation: the {@link dev.inferd.invoke.CallPipeline} every call takes, synchronous or async, and
 * what it is made of: turning a decoded request into calls on a loaded version, the protocol's batch
 * rules (detection by arity, IDs, ordering, duplicates), chunking for parallelism, per-item errors,
 * timeouts, admission and rate limits.
 */
package dev.inferd.invoke;
