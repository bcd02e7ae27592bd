/**
 * inferd, a self-hosted model deployment server. {@link dev.inferd.Main} wires the components by
 * hand; the sub-packages follow the path of a request from the HTTP edge to a runtime.
 */
package dev.inferd;
