package dev.inferd.cli;

import dev.inferd.config.OnnxSettings;
import dev.inferd.config.OnnxSettings.ExecutionProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import static java.util.Objects.requireNonNullElse;

/** The {@code serve} options of {@link OnnxSettings}. */
final class OnnxOptions {
    @Option(names = "--onnx-execution-provider", paramLabel = "PROVIDER", converter = ProviderName.class,
            description = "Where ONNX models run unless their manifest says onnx.execution_provider: cpu, or cuda, which needs"
                    + " the GPU build (-Pgpu) with CUDA 12 and cuDNN 9 (default: cpu).")
    ExecutionProvider executionProvider;

    OnnxSettings settings() {
        return new OnnxSettings(requireNonNullElse(executionProvider, OnnxSettings.DEFAULTS.executionProvider()));
    }

    /** Takes the names the manifest uses, so a provider is written the same way in both places. */
    static final class ProviderName implements ITypeConverter<ExecutionProvider> {
        @Override
        public ExecutionProvider convert(String value) {
            return ExecutionProvider.named(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not an execution provider; use " + ExecutionProvider.accepted()));
        }
    }
}
