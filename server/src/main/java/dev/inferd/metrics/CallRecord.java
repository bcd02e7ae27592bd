package dev.inferd.metrics;

import java.time.Instant;

/**
 * One inference call as the call log keeps it. {@code input} and {@code output} are the request
 * and answer bodies cut to at most 1 KiB; {@code error} is null for a 200.
 */
public record CallRecord(Instant time, String deployment, int version, String ref, int items, long durationMicros,
                         int status, String error, String input, String output) {
}
