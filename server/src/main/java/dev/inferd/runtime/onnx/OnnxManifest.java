package dev.inferd.runtime.onnx;

import dev.inferd.bundle.BatchForm;
import dev.inferd.bundle.BundlePath;
import dev.inferd.bundle.ManifestKeys;
import dev.inferd.bundle.ManifestSection;
import dev.inferd.config.OnnxSettings.ExecutionProvider;
import dev.inferd.error.BundleRejectedException;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The ONNX part of {@code inferd.yaml}: {@code model:} names the bundle's {@code .onnx} file, in place
 * of {@code main:}; {@code onnx: {intra_op_threads: N, execution_provider: cpu|cuda}} tunes how and where it runs.
 */
public final class OnnxManifest implements ManifestSection {
    static final int MAX_INTRA_OP_THREADS = 256;
    private static final Set<String> ONNX_KEYS = Set.of("intra_op_threads", "execution_provider");

    /**
     * @param intraOpThreads    the threads one run of the model may use, instead of the server's choice
     * @param executionProvider where the model runs, instead of the server's {@code --onnx-execution-provider}
     */
    record Options(OptionalInt intraOpThreads, Optional<ExecutionProvider> executionProvider) {
        static Options of(ManifestKeys keys) {
            return keys.mapping("onnx", ONNX_KEYS).map(onnx -> new Options(
                    onnx.wholeNumber("intra_op_threads", MAX_INTRA_OP_THREADS),
                    onnx.text("execution_provider").map(Options::provider)))
                    .orElse(new Options(OptionalInt.empty(), Optional.empty()));
        }

        private static ExecutionProvider provider(String key) {
            return ExecutionProvider.named(key).orElseThrow(() -> new BundleRejectedException(
                    "onnx.execution_provider: must be " + ExecutionProvider.accepted() + "; got '" + key + "'"));
        }
    }

    @Override
    public String runtime() {
        return OnnxRuntime.NAME;
    }

    /** None: a model takes a batch's rows as they are, so {@code batch:} and its keys do not apply. */
    @Override
    public Set<BatchForm.Shape> batchShapes() {
        return Set.of();
    }

    @Override
    public String mainKey() {
        return "model";
    }

    @Override
    public Set<String> keys() {
        return Set.of("onnx");
    }

    @Override
    public void checkMain(String model) {
        try {
            BundlePath.check(model);
        } catch (BundleRejectedException e) {
            throw new BundleRejectedException("model: " + e.getMessage());
        }
        if (!model.endsWith(".onnx")) {
            throw new BundleRejectedException("model: must name the bundle's .onnx file; got '" + model + "'");
        }
    }

    @Override
    public void checkKeys(ManifestKeys keys) {
        Options.of(keys);
    }
}
