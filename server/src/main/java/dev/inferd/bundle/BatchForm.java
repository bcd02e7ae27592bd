package dev.inferd.bundle;

import java.util.List;
import java.util.Objects;

/**
 * How the main function takes a batch: once per item (the default), or up to {@code batchSize}
 * items in one call, as a list of rows ({@code batch: rows}) or as a pandas DataFrame with a row per
 * item ({@code batch: dataframe}). Numerical libraries are built for one call over many rows, so for
 * a real model the second is many times faster.
 *
 * @param columns   the names of an item's arguments ({@code columns:}), which also fix how many it
 *                  has; empty when the manifest names none
 * @param batchSize the most items one call takes ({@code batch_size:}); a bigger batch is cut into
 *                  chunks of at most this many, which the version's workers run side by side
 */
public record BatchForm(Shape shape, List<String> columns, int batchSize) {
    public static final int DEFAULT_BATCH_SIZE = 1_000;
    public static final int MAX_BATCH_SIZE = 1_000_000;
    /** The default: the main function is called once per item. */
    public static final BatchForm PER_ITEM = new BatchForm(Shape.PER_ITEM, List.of(), DEFAULT_BATCH_SIZE);

    public enum Shape {
        PER_ITEM("per item"),
        ROWS("rows"),
        DATAFRAME("dataframe");

        private final String manifestValue;

        Shape(String manifestValue) {
            this.manifestValue = manifestValue;
        }

        /** What {@code batch:} says for this shape; "per item" for the default, which has no value. */
        public String manifestValue() {
            return manifestValue;
        }
    }

    public BatchForm {
        Objects.requireNonNull(shape, "shape");
        columns = List.copyOf(columns);
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size out of range: " + batchSize);
        }
        if (shape == Shape.PER_ITEM && (!columns.isEmpty() || batchSize != DEFAULT_BATCH_SIZE)) {
            throw new IllegalArgumentException("a function called per item has no columns or batch size of its own");
        }
    }

    /** True when the main function takes many items in one call. */
    public boolean takesWholeBatches() {
        return shape != Shape.PER_ITEM;
    }
}
