package dev.inferd.bundle;

import java.util.OptionalInt;

/**
 * Whether concurrent calls to one loaded version are merged into one run of its model
 * ({@code batching:}), for a model that takes many rows in one run: an ONNX model, or a main function
 * declared {@code batch: rows} or {@code batch: dataframe}.
 *
 * @param enabled      false for {@code batching: false}: every call is a run of its own
 * @param maxBatchSize the most rows one run holds ({@code max_batch_size}); empty when the manifest
 *                     leaves it to the model: {@link #DEFAULT_MAX_BATCH_SIZE} for an ONNX model, the
 *                     {@code batch_size} of a function declared {@code batch:}
 * @param maxDelayMs   how long the first call waiting may be held back for more to join it
 *                     ({@code max_delay_ms}); 0 runs what is waiting as soon as the model is free
 */
public record Batching(boolean enabled, OptionalInt maxBatchSize, int maxDelayMs) {
    public static final int DEFAULT_MAX_BATCH_SIZE = 64;
    public static final int MAX_DELAY_MS = 10_000;
    /** What a model that takes whole batches gets when its manifest says nothing, or {@code batching: true}. */
    public static final Batching DEFAULT = new Batching(true, OptionalInt.empty(), 0);
    public static final Batching OFF = new Batching(false, OptionalInt.empty(), 0);

    public Batching {
        maxBatchSize.ifPresent(size -> {
            if (size < 1 || size > BatchForm.MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("max batch size out of range: " + size);
            }
        });
        if (maxDelayMs < 0 || maxDelayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("max delay out of range: " + maxDelayMs);
        }
    }
}
