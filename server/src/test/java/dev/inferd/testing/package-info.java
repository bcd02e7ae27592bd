/**
 * Test support: a real server on a free port (for a test class with {@code TestServer.perClass()},
 * or started by the test), the one HTTP helper every test sends through ({@code HttpEndpoint}),
 * and bounded polling for what happens asynchronously ({@code Eventually}).
 */
package dev.inferd.testing;
