package dev.inferd.config;

/**
 * The threads that run calls, and how a batch is cut up for them.
 *
 * @param threads      threads that run Java main functions
 * @param queueLength  chunks that may wait for a thread before calls are refused with 429
 * @param minChunkSize a batch is split into parallel chunks of at least this many items
 */
public record InvocationSettings(int threads, int queueLength, int minChunkSize) {
    public static final InvocationSettings DEFAULTS = new InvocationSettings(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 4096, 256);

    public InvocationSettings {
        Ranges.requireBetween("invocation threads", threads, 1, 4096);
        Ranges.requireBetween("invocation queue length", queueLength, 1, 1_000_000);
        Ranges.requireBetween("minimum chunk size", minChunkSize, 1, 1_000_000);
    }
}
