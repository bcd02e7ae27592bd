package dev.inferd.cli;

import dev.inferd.config.LimitSettings;
import dev.inferd.json.JsonLimits;
import picocli.CommandLine.Option;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNullElse;

/** The {@code serve} options of {@link LimitSettings}. */
final class LimitOptions {
    @Option(names = "--max-body-size", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Largest request body; bigger ones get 413 (default: 64MiB).")
    Long maxBodyBytes;

    @Option(names = "--max-bundle-size", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Largest unpacked bundle a deploy may carry (default: 512MiB).")
    Long maxBundleBytes;

    @Option(names = "--max-json-depth", paramLabel = "N",
            description = "Deepest JSON nesting a body may have (default: 512).")
    Integer maxJsonDepth;

    @Option(names = "--max-json-string-length", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Longest JSON string a body may hold (default: 32MiB).")
    Long maxJsonStringLength;

    @Option(names = "--max-inflight-items", paramLabel = "N",
            description = "Batch items one loaded version may have in flight before calls get 429 "
                    + "(default: 1000000 for Java and ONNX, 200000 for Python).")
    Long maxInflightItems;

    @Option(names = "--max-inflight-bytes", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Request body bytes the server may hold in flight before calls get 429 (default: 1GiB).")
    Long maxInflightBytes;

    LimitSettings settings() {
        LimitSettings defaults = LimitSettings.DEFAULTS;
        JsonLimits json = defaults.jsonLimits();
        return new LimitSettings(
                requireNonNullElse(maxBodyBytes, defaults.maxBodyBytes()),
                requireNonNullElse(maxBundleBytes, defaults.maxBundleBytes()),
                new JsonLimits(requireNonNullElse(maxJsonDepth, json.maxNestingDepth()),
                        maxJsonStringLength == null ? json.maxStringLength() : belowTwoGiB("--max-json-string-length", maxJsonStringLength),
                        json.maxNumberLength()),
                defaults.bodyIdleTimeout(),
                maxInflightItems == null ? defaults.maxInflightItems() : OptionalLong.of(maxInflightItems),
                requireNonNullElse(maxInflightBytes, defaults.maxInflightBytes()));
    }

    private static int belowTwoGiB(String option, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be below 2GiB; got " + value + " bytes");
        }
        return (int) value;
    }
}
