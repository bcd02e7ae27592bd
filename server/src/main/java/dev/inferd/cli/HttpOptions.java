package dev.inferd.cli;

import dev.inferd.config.HttpSettings;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNullElse;

/** The {@code serve} options of {@link HttpSettings}. */
final class HttpOptions {
    @Option(names = "--host", defaultValue = HttpSettings.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Use 0.0.0.0 for every interface.")
    String host;

    @Option(names = "--port", defaultValue = "" + HttpSettings.DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Threads that serve HTTP connections (default: the number of cores).")
    Integer eventLoops;

    HttpSettings settings() {
        return new HttpSettings(host, port, requireNonNullElse(eventLoops, HttpSettings.DEFAULTS.eventLoops()));
    }
}
