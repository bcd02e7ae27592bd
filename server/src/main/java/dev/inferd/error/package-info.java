/**
 * The one error model of inferd: {@link dev.inferd.error.InferdException} and its subtypes, each
 * bound to a PROTOCOL.md error code and HTTP status. Code anywhere throws these; only the HTTP edge
 * turns them into answers.
 */
package dev.inferd.error;
