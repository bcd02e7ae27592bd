package dev.inferd.cli;

import dev.inferd.config.AsyncSettings;
import picocli.CommandLine.Option;

import java.time.temporal.ChronoUnit;

import static dev.inferd.cli.OptionValues.duration;
import static java.util.Objects.requireNonNullElse;

/** The {@code serve} options of {@link AsyncSettings}. */
final class AsyncOptions {
    @Option(names = "--async-jobs", paramLabel = "N", description = "Async jobs that run at once (default: 4).")
    Integer concurrency;

    @Option(names = "--async-queue", paramLabel = "N",
            description = "Async jobs that may wait to run before new ones get 429 (default: 100000).")
    Integer queueLength;

    @Option(names = "--webhook-retry-minutes", paramLabel = "N",
            description = "How long failed webhook deliveries are retried (default: 60).")
    Integer webhookRetryMinutes;

    @Option(names = "--async-results-hours", paramLabel = "N",
            description = "How long an async job's result stays readable at /v1/batches/{id} (default: 24).")
    Integer resultHours;

    @Option(names = "--result-link-minutes", paramLabel = "N",
            description = "How long a result link of response_format \"links\" can be fetched (default: 60).")
    Integer resultLinkMinutes;

    @Option(names = "--allow-private-webhooks",
            description = "Let webhooks be http and reach loopback and private addresses. For development and tests only.")
    Boolean allowPrivateWebhooks;

    AsyncSettings settings() {
        AsyncSettings defaults = AsyncSettings.DEFAULTS;
        return new AsyncSettings(
                requireNonNullElse(concurrency, defaults.concurrency()),
                requireNonNullElse(queueLength, defaults.queueLength()),
                duration("--webhook-retry-minutes", webhookRetryMinutes, ChronoUnit.MINUTES, 1, defaults.webhookRetryWindow()),
                duration("--async-results-hours", resultHours, ChronoUnit.HOURS, 1, defaults.resultRetention()),
                duration("--result-link-minutes", resultLinkMinutes, ChronoUnit.MINUTES, 1, defaults.resultLinkLifetime()),
                requireNonNullElse(allowPrivateWebhooks, defaults.allowPrivateWebhooks()));
    }
}
