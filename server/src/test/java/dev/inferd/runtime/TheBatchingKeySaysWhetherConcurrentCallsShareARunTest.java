package dev.inferd.runtime;

import dev.inferd.bundle.Batching;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static dev.inferd.runtime.Manifests.assertRefused;
import static dev.inferd.runtime.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/bundles.md, {@code batching:}: on by default for a model that takes whole batches, off with false, tuned with a mapping. */
class TheBatchingKeySaysWhetherConcurrentCallsShareARunTest {
    @Test
    void aManifestThatSaysNothingLeavesItToTheModel() {
        assertThat(parse("runtime: onnx\nmodel: m.onnx\n").batching()).isEmpty();
    }

    @Test
    void falseTurnsItOffAndTrueAsksForTheDefaults() {
        assertThat(parse("runtime: onnx\nmodel: m.onnx\nbatching: false\n").batching()).contains(Batching.OFF);
        assertThat(parse("runtime: onnx\nmodel: m.onnx\nbatching: true\n").batching()).contains(Batching.DEFAULT);
    }

    @Test
    void aMappingSetsTheLargestMergedRunAndTheLongestHoldBack() {
        assertThat(parse("runtime: python\nmain: f\nbatch: rows\nbatching: {max_batch_size: 16, max_delay_ms: 5}\n").batching())
                .isEqualTo(Optional.of(new Batching(true, OptionalInt.of(16), 5)));
        assertThat(parse("runtime: onnx\nmodel: m.onnx\nbatching: {max_delay_ms: 0}\n").batching())
                .contains(new Batching(true, OptionalInt.empty(), 0));
    }

    @Test
    void settingsOutOfRangeOrUnknownAreRefused() {
        assertRefused("runtime: onnx\nmodel: m.onnx\nbatching: {max_batch_size: 0}\n",
                "batching.max_batch_size: must be a whole number from 1 to 1000000; got 0");
        assertRefused("runtime: onnx\nmodel: m.onnx\nbatching: {max_delay_ms: 10001}\n",
                "batching.max_delay_ms: must be a whole number from 0 to 10000; got 10001");
        assertRefused("runtime: onnx\nmodel: m.onnx\nbatching: {max_rows: 8}\n",
                "batching: unknown key(s) [max_rows]; known keys are [max_batch_size, max_delay_ms]");
        assertRefused("runtime: onnx\nmodel: m.onnx\nbatching: yes please\n",
                "batching: must be false, true, or a mapping such as {max_batch_size: 64, max_delay_ms: 0}; got \"yes please\"");
    }
}
