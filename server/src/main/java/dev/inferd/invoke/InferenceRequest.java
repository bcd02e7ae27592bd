package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Objects;

/** A decoded call body: the {@code data} value and the options that apply to it. */
public record InferenceRequest(JsonNode data, BatchMode batchMode, Duration timeout) {
    public InferenceRequest {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(batchMode, "batchMode");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }
}
