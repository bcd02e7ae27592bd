/** Test support: a real server on a free port and an HTTP client that reads its answers. */
package dev.inferd.testing;
