package dev.inferd.metrics;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.time.Instant;

/**
 * Writes a call as the request log's line: one JSON object, written by hand, since the fields are
 * few and fixed and a tree per line cost more than the rest. The time and the duration are the
 * costly fields at tens of thousands of lines a second ({@code Instant.toString} runs a date
 * formatter, {@code Double.toString} a float-to-decimal conversion), so the date and time of day are
 * formatted once per second and the rest is written digit by digit. The time reads exactly as
 * {@code Instant.toString} writes it ({@code 2026-11-27T10:15:30.123456Z}); the duration is the plain
 * decimal of its milliseconds ({@code 1.234}, {@code 3.0}), never in exponent form.
 */
final class RequestLogLines {
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    /** The last second formatted; replaced whole, so a line written on another thread never sees half of it. */
    private volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

    private record FormattedSecond(long epochSecond, String dateAndTime) {
    }

    StringBuilder append(CallRecord call, StringBuilder line) {
        line.append("{\"time\":\"");
        appendTime(call.time(), line);
        line.append("\",\"deployment\":");
        appendString(call.deployment(), line);
        if (call.version() > 0) {
            line.append(",\"version\":").append(call.version());
        }
        line.append(",\"ref\":");
        appendString(call.ref(), line);
        line.append(",\"items\":").append(call.items()).append(",\"durationMs\":");
        appendMillis(call.durationMicros(), line);
        line.append(",\"status\":").append(call.status());
        if (call.error() != null) {
            line.append(",\"error\":");
            appendString(call.error(), line);
        }
        return line.append('}');
    }

    /** As {@link Instant#toString()}: the fraction of a second in groups of three digits, as many as it needs. */
    void appendTime(Instant time, StringBuilder line) {
        FormattedSecond second = lastSecond;
        if (second.epochSecond() != time.getEpochSecond()) {
            String whole = Instant.ofEpochSecond(time.getEpochSecond()).toString();
            second = new FormattedSecond(time.getEpochSecond(), whole.substring(0, whole.length() - 1));
            lastSecond = second;
        }
        line.append(second.dateAndTime());
        int nanos = time.getNano();
        if (nanos % 1_000_000 == 0) {
            if (nanos > 0) {
                appendDigits(nanos / 1_000_000, 3, line.append('.'));
            }
        } else if (nanos % 1_000 == 0) {
            appendDigits(nanos / 1_000, 6, line.append('.'));
        } else {
            appendDigits(nanos, 9, line.append('.'));
        }
        line.append('Z');
    }

    /** Microseconds as milliseconds with up to three decimals and at least one: {@code 1.234}, {@code 0.05}, {@code 3.0}. */
    static void appendMillis(long micros, StringBuilder line) {
        if (micros < 0) {
            // Durations come from a monotonic clock and are never negative; a record made otherwise
            // still gets a valid number (and the most negative long, which has no positive twin, a close one).
            line.append('-');
            micros = micros == Long.MIN_VALUE ? Long.MAX_VALUE : -micros;
        }
        line.append(micros / 1_000).append('.');
        int fraction = (int) (micros % 1_000);
        if (fraction == 0) {
            line.append('0');
            return;
        }
        int digits = 3;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        appendDigits(fraction, digits, line);
    }

    /** {@code value} in exactly {@code digits} digits (at most nine), zero-padded on the left. */
    private static void appendDigits(int value, int digits, StringBuilder line) {
        for (int divisor = POWERS_OF_TEN[digits - 1]; divisor > 0; divisor /= 10) {
            line.append((char) ('0' + value / divisor % 10));
        }
    }

    private static void appendString(String text, StringBuilder line) {
        line.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, line);
        line.append('"');
    }
}
