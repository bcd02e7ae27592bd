/**
 * The HTTP edge on Vert.x: routing, body limits and {@code Expect: 100-continue}, decoding requests
 * into {@link dev.inferd.invoke.InferenceRequest}s, encoding answers, and the single
 * {@code ErrorMapper} that turns every failure into PROTOCOL JSON.
 */
package dev.inferd.api.http;
