package dev.inferd.cli;

import dev.inferd.config.InvocationSettings;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNullElse;

/** The {@code serve} options of {@link InvocationSettings}. */
final class InvocationOptions {
    @Option(names = "--invocation-threads", paramLabel = "N",
            description = "Threads that run Java main functions (default: twice the cores, at least 4).")
    Integer threads;

    @Option(names = "--invocation-queue", paramLabel = "N",
            description = "Chunks of calls that may wait for a thread before more are refused with 429 (default: 4096).")
    Integer queueLength;

    @Option(names = "--min-chunk-size", paramLabel = "N",
            description = "Smallest number of batch items per parallel chunk (default: 256).")
    Integer minChunkSize;

    InvocationSettings settings() {
        InvocationSettings defaults = InvocationSettings.DEFAULTS;
        return new InvocationSettings(
                requireNonNullElse(threads, defaults.threads()),
                requireNonNullElse(queueLength, defaults.queueLength()),
                requireNonNullElse(minChunkSize, defaults.minChunkSize()));
    }
}
