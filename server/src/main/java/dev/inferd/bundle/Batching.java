package dev.inferd.bundle;

/**
 * Whether concurrent calls to one loaded version are merged into one run of its model
 * ({@code batching:}), for a model that takes many rows in one run: an ONNX model, or a main function
 * declared {@code batch: rows} or {@code batch: dataframe}.
 *
 * @param enabled      false for {@code batching: false}: every call is a run of its own
 * @param maxBatchSize the most rows a run merged from several calls holds ({@code max_batch_size})
 * @param maxDelayMs   how long the first call waiting may be held back for more to join it
 *                     ({@code max_delay_ms}); 0 runs what is waiting as soon as the model is free
 */
public record Batching(boolean enabled, int maxBatchSize, int maxDelayMs) {
    public static final int DEFAULT_MAX_BATCH_SIZE = 64;
    public static final int MAX_DELAY_MS = 10_000;
    /** What a model that takes whole batches gets when its manifest says nothing. */
    public static final Batching DEFAULT = new Batching(true, DEFAULT_MAX_BATCH_SIZE, 0);
    public static final Batching OFF = new Batching(false, DEFAULT_MAX_BATCH_SIZE, 0);

    public Batching {
        if (maxBatchSize < 1 || maxBatchSize > BatchForm.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("max batch size out of range: " + maxBatchSize);
        }
        if (maxDelayMs < 0 || maxDelayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("max delay out of range: " + maxDelayMs);
        }
    }
}
