package dev.inferd.invoke;

/**
 * How a batch is cut into chunks that run in parallel: never more chunks than the loaded version
 * can run at once nor than {@code maxChunks}, never smaller than {@code minChunkSize} items, so a
 * small batch is one chunk and pays for no hand-offs.
 */
public record ChunkPolicy(int minChunkSize, int maxChunks) {
    public ChunkPolicy {
        if (minChunkSize < 1 || maxChunks < 1) {
            throw new IllegalArgumentException("chunk policy needs positive sizes: " + minChunkSize + ", " + maxChunks);
        }
    }

    /** Number of items in each chunk for a batch of {@code items}; the last chunk may be smaller. */
    public int chunkSize(int items, int parallelism) {
        int chunks = Math.max(1, Math.min(Math.min(maxChunks, parallelism), items / minChunkSize));
        return (items + chunks - 1) / chunks;
    }
}
