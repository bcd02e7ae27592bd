package dev.inferd.runtime;

import dev.inferd.bundle.BatchForm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.inferd.runtime.Manifests.assertRefused;
import static dev.inferd.runtime.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/bundles.md, {@code batch:}: a main function takes one item per call unless the manifest says it takes whole batches. */
class TheBatchKeysSayHowAMainFunctionTakesABatchTest {
    @Test
    void withoutBatchTheFunctionIsCalledOncePerItem() {
        assertThat(parse("runtime: python\nmain: f\n").batch()).isEqualTo(BatchForm.PER_ITEM);
    }

    @Test
    void aDataFrameFunctionNamesItsColumnsAndMayLimitItsBatchSize() {
        BatchForm batch = parse("runtime: python\nmain: f\nbatch: dataframe\ncolumns: [a, b]\nbatch_size: 500\n").batch();

        assertThat(batch).isEqualTo(new BatchForm(BatchForm.Shape.DATAFRAME, List.of("a", "b"), 500));
    }

    @Test
    void aRowsFunctionTakesAThousandRowsAtATimeUnlessTold() {
        assertThat(parse("runtime: python\nmain: f\nbatch: rows\n").batch())
                .isEqualTo(new BatchForm(BatchForm.Shape.ROWS, List.of(), 1000));
    }

    @Test
    void anOnnxModelTakesNoBatchKeysSinceItTakesTheRowsAsTheyAre() {
        assertRefused("runtime: onnx\nmodel: m.onnx\nbatch_size: 8\n", "batch_size: is for main functions; a runtime onnx model"
                + " takes a batch's rows in one run as it is (batching.max_batch_size says how many)");
        assertRefused("runtime: onnx\nmodel: m.onnx\nbatch: rows\n", "batch: is for main functions; a runtime onnx model"
                + " takes a batch's rows in one run as it is (batching.max_batch_size says how many)");
    }

    @Test
    void anUnknownBatchFormIsRefused() {
        assertRefused("runtime: python\nmain: f\nbatch: frame\n", "batch: must be rows or dataframe; got 'frame'");
    }

    @Test
    void columnsAndBatchSizeNeedBatch() {
        assertRefused("runtime: python\nmain: f\ncolumns: [a]\n",
                "columns: applies to a main function that takes whole batches; add batch: rows or batch: dataframe");
        assertRefused("runtime: python\nmain: f\nbatch_size: 10\n",
                "batch_size: applies to a main function that takes whole batches; add batch: rows or batch: dataframe");
    }

    @Test
    void columnsAreDistinctNames() {
        assertRefused("runtime: python\nmain: f\nbatch: dataframe\ncolumns: [a, a]\n", "columns: names 'a' twice");
        assertRefused("runtime: python\nmain: f\nbatch: dataframe\ncolumns: a\n",
                "columns: must be a list of distinct names, one per argument, for example [sepal_length, sepal_width]");
    }

    @Test
    void batchSizeIsAWholeNumberInRange() {
        assertRefused("runtime: python\nmain: f\nbatch: rows\nbatch_size: 0\n",
                "batch_size: must be a whole number from 1 to 1000000; got 0");
    }

    @Test
    void aDataFrameIsPythons() {
        assertRefused("runtime: java\nmain: A#f\nbatch: dataframe\n",
                "batch: dataframe is not available for runtime java; it takes batch: rows");
    }
}
