package dev.inferd.config;

import java.time.Duration;

/**
 * Async calls, their webhooks and their results (docs/async.md).
 *
 * @param concurrency          async jobs that run at once
 * @param queueLength          async jobs that may wait to run before new ones are refused with 429,
 *                             so a flood cannot fill the disk
 * @param webhookRetryWindow   how long a failed webhook delivery is retried after its job finished
 * @param resultRetention      how long a finished job's result stays readable once delivery has ended
 * @param resultLinkLifetime   how long a result link can be fetched
 * @param allowPrivateWebhooks webhooks may be http and reach loopback or private addresses (development)
 */
public record AsyncSettings(int concurrency, int queueLength, Duration webhookRetryWindow, Duration resultRetention,
                            Duration resultLinkLifetime, boolean allowPrivateWebhooks) {
    public static final AsyncSettings DEFAULTS = new AsyncSettings(4, 100_000, Duration.ofHours(1), Duration.ofHours(24),
            Duration.ofHours(1), false);

    public AsyncSettings {
        Ranges.requireBetween("async concurrency", concurrency, 1, 4096);
        Ranges.requireBetween("async queue length", queueLength, 1, 100_000_000);
        Ranges.requirePositive("webhook retry window", webhookRetryWindow);
        Ranges.requirePositive("async result retention", resultRetention);
        Ranges.requirePositive("result link lifetime", resultLinkLifetime);
    }
}
