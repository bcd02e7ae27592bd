/**
 * The fuzz test of the HTTP API (random and mutated raw requests against a running server) and
 * the corpus of inputs it found, replayed as regression tests.
 */
package dev.inferd.api.http.fuzz;
