package dev.inferd.invoke;


import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded call body: the {@code data} value and the options that apply to it.
 *
 * @param webhook where to POST the answer later instead of answering now (PROTOCOL §3)
 * @param asLink  answer with a URL to fetch the result from, instead of the result itself
 */
public record InferenceRequest(CallData data, BatchMode batchMode, Duration timeout, Optional<Webhook> webhook,
                               boolean asLink) {

    /** The {@code response_webhook} option and its companion {@code response_webhook_ignore_timeout}. */
    public record Webhook(URI url, boolean ignoreTimeout) {
        public Webhook {
            Objects.requireNonNull(url, "url");
        }
    }

    public InferenceRequest {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(batchMode, "batchMode");
        Objects.requireNonNull(webhook, "webhook");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }
}
