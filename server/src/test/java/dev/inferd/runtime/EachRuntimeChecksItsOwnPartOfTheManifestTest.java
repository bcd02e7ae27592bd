package dev.inferd.runtime;

import dev.inferd.bundle.Manifest;
import org.junit.jupiter.api.Test;

import static dev.inferd.runtime.Manifests.assertRefused;
import static dev.inferd.runtime.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/bundles.md, {@code inferd.yaml}: the common keys are read by the bundle's parser, and each
 * runtime checks its main and its own keys, with the messages the page quotes.
 */
class EachRuntimeChecksItsOwnPartOfTheManifestTest {
    @Test
    void anUnknownKeyIsRefusedNamingTheCommonKeysAndEachRuntimesOwn() {
        assertRefused("runtime: python\nmain: predict\ntets: []\n", "unknown manifest key(s) [tets]; known keys are "
                + "[batch, batch_size, batching, columns, description, main, model, name, onnx, python, rate_limit_per_minute, runtime, source, tests, workers]");
    }

    @Test
    void aJavaMainIsAClassAndAMethod() {
        assertThat(parse("runtime: java\nmain: com.example.Scorer#score\n").main()).isEqualTo("com.example.Scorer#score");
        assertRefused("runtime: java\nmain: score\n", "a java main must look like com.example.Scorer#score; got 'score'");
    }

    @Test
    void aPythonMainIsAFunctionName() {
        assertThat(parse("runtime: python\nmain: predict\n").main()).isEqualTo("predict");
        assertRefused("runtime: python\nmain: Scorer#score\n", "a python main must be a function name; got 'Scorer#score'");
    }

    @Test
    void thePythonKeysAreCheckedInAManifestOfAnyRuntime() {
        assertRefused("runtime: java\nmain: A#f\nsource: ../evil.py\n", "source: bundle path escapes or is not normalized: '../evil.py'");
        assertRefused("runtime: python\nmain: f\nworkers: 0\n", "workers: must be a whole number from 1 to 256; got 0");
        assertRefused("runtime: python\nmain: f\npython: 3\n", "python: must be a non-empty string");
    }

    @Test
    void theCommonKeysFollowTheSameRules() {
        assertRefused("runtime: java\nmain: A#f\nrate_limit_per_minute: 0\n",
                "rate_limit_per_minute: must be a whole number from 1 to 2147483647; got 0");
        assertRefused("main: A#f\n", "the manifest needs runtime:");
    }

    @Test
    void anOnnxModelIsNamedByModelInPlaceOfMain() {
        assertThat(parse("runtime: onnx\nmodel: models/digits.onnx\n").main()).isEqualTo("models/digits.onnx");
        assertRefused("runtime: onnx\nmain: digits.onnx\n", "runtime onnx takes model: instead of main:");
        assertRefused("runtime: onnx\nmodel: digits.pkl\n", "model: must name the bundle's .onnx file; got 'digits.pkl'");
        assertRefused("runtime: onnx\n", "the manifest needs model:");
    }

    @Test
    void theOnnxKeysAreCheckedInAManifestOfAnyRuntime() {
        assertThat(parse("runtime: onnx\nmodel: m.onnx\nonnx:\n  intra_op_threads: 2\n  execution_provider: cpu\n").runtime())
                .isEqualTo("onnx");
        assertRefused("runtime: java\nmain: A#f\nonnx: {intra_op_threads: 0}\n",
                "onnx.intra_op_threads: must be a whole number from 1 to 256; got 0");
        assertThat(parse("runtime: onnx\nmodel: m.onnx\nonnx: {execution_provider: cuda}\n").runtime()).isEqualTo("onnx");
        assertRefused("runtime: onnx\nmodel: m.onnx\nonnx: {execution_provider: rocm}\n",
                "onnx.execution_provider: must be cpu or cuda; got 'rocm'");
        assertRefused("runtime: onnx\nmodel: m.onnx\nonnx: {threads: 2}\n",
                "onnx: unknown key(s) [threads]; known keys are [execution_provider, intra_op_threads]");
    }

    @Test
    void aRuntimeThisBuildLacksIsLeftToTheServerThatRunsIt() {
        Manifest manifest = parse("runtime: tensorflow\nmain: model.pb\nproviders: [cuda]\n");

        assertThat(manifest.runtime()).isEqualTo("tensorflow");
        assertThat(manifest.runtimeKeys().names()).containsExactly("providers");
    }
}
