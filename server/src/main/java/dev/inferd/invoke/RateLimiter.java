package dev.inferd.invoke;

import dev.inferd.error.RateLimitedException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deployment's {@code rate_limit_per_minute}: items served per calendar minute, counted across
 * all its versions. A batch is counted whole and never split across minutes: it fits in what is
 * left of this minute or it is refused.
 */
public final class RateLimiter {
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long minute;
        long used;
    }

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts {@code items} against this minute's allowance.
     *
     * @throws RateLimitedException with the seconds to the next minute when they do not fit
     */
    public void take(String deployment, int items, int limitPerMinute) {
        long now = clock.millis();
        long minute = now / 60_000;
        Window window = windows.computeIfAbsent(deployment, key -> new Window());
        synchronized (window) {
            if (window.minute != minute) {
                window.minute = minute;
                window.used = 0;
            }
            if (window.used + items > limitPerMinute) {
                int retryAfter = (int) Math.max(1, (60_000 - now % 60_000 + 999) / 1000);
                String reason = items > limitPerMinute
                        ? "a batch of " + items + " items is more than deployment " + deployment + " serves in a minute ("
                        + limitPerMinute + "); split it"
                        : "deployment " + deployment + " has served its " + limitPerMinute + " items for this minute";
                throw new RateLimitedException(reason, retryAfter);
            }
            window.used += items;
        }
    }
}
