package dev.inferd.config;

import java.util.Objects;

/**
 * Where and how the server listens.
 *
 * @param host       address to listen on
 * @param port       port to listen on; 0 picks a free one
 * @param eventLoops threads that serve HTTP connections, each on its share of the connections
 */
public record HttpSettings(String host, int port, int eventLoops) {
    /** Constants, since the {@code serve} options give them as their annotated default values. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    // One event loop per core: they run no user code, only HTTP and JSON, so every core may serve connections.
    public static final HttpSettings DEFAULTS = new HttpSettings(DEFAULT_HOST, DEFAULT_PORT, Runtime.getRuntime().availableProcessors());

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Ranges.requireBetween("port", port, 0, 65_535);
        Ranges.requireBetween("event loops", eventLoops, 1, 1024);
    }
}
