package dev.inferd.cli;

import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of every command that talks to a running server, mixed into each of them: where the
 * server is and the API key to show it. {@link EnvironmentDefaults} reads them from
 * {@link #VARIABLES} when the flags are absent.
 */
final class ServerOptions {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    /**
     * Each option's environment variables, the first set one winning. INFERD_SERVER is the name the
     * server's URL had before INFERD_URL, still read so that existing scripts keep working.
     */
    static final Map<String, List<String>> VARIABLES = Map.of(
            "--server", List.of("INFERD_URL", "INFERD_SERVER"),
            "--api-key", List.of("INFERD_API_KEY"));

    @Option(names = "--server", paramLabel = "URL", defaultValue = DEFAULT_SERVER,
            description = "The server's URL (default: INFERD_URL, else " + DEFAULT_SERVER + ").")
    String server;

    // The help never shows this option's value, which may come from the environment: it is a secret.
    @Option(names = "--api-key", paramLabel = "KEY",
            description = "API key sent as Authorization: Bearer KEY (default: INFERD_API_KEY, else none). Management"
                    + " commands need an admin key once one exists; call needs a key when the server requires keys.")
    String apiKey;

    ServerClient client() {
        Optional<String> key = Optional.ofNullable(apiKey).map(String::strip).filter(text -> !text.isEmpty());
        // The HTTP client would refuse such a key with a message that quotes it.
        if (key.isPresent() && !key.get().chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("the API key (--api-key or INFERD_API_KEY) may hold only printable ASCII"
                    + " characters without spaces; it is not shown here");
        }
        return new ServerClient(server, key);
    }
}
