/**
 * Async calls: jobs stored before their batch id is answered, run later under their own
 * concurrency, and delivered to webhooks until a receiver accepts them; result links for answers
 * fetched later. Everything here survives a restart through the {@link dev.inferd.invoke.async.JobStore}
 * contract it owns.
 */
package dev.inferd.invoke.async;
