package dev.inferd.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ONNX runtime's settings.
 *
 * @param executionProvider where ONNX models run unless their manifest says
 *                          ({@code onnx: {execution_provider: ...}})
 */
public record OnnxSettings(ExecutionProvider executionProvider) {
    public static final OnnxSettings DEFAULTS = new OnnxSettings(ExecutionProvider.CPU);

    public OnnxSettings {
        Objects.requireNonNull(executionProvider, "executionProvider");
    }

    /**
     * The ONNX Runtime execution providers inferd can ask for, by the names the manifest and
     * {@code serve} take. CUDA needs the server built with ONNX Runtime's GPU package, which only
     * tells whether it can be used when a model is loaded with it.
     */
    public enum ExecutionProvider {
        CPU,
        CUDA;

        /** As the manifest and {@code serve} write it: {@code cpu}, {@code cuda}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The provider written {@code key}, if there is one. */
        public static Optional<ExecutionProvider> named(String key) {
            return Arrays.stream(values()).filter(provider -> provider.key().equals(key)).findFirst();
        }

        /** "cpu or cuda", for messages that name the accepted values. */
        public static String accepted() {
            return Arrays.stream(values()).map(ExecutionProvider::key).collect(Collectors.joining(" or "));
        }
    }
}
