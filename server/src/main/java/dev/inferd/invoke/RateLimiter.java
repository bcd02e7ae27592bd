package dev.inferd.invoke;

import dev.inferd.error.RateLimitedException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deployment's {@code rate_limit_per_minute}: items served per calendar minute, counted across
 * all its versions. A batch is counted whole and never split across minutes: it fits in what is
 * left of this minute or it is refused.
 * <p>
 * Replicas sharing a database share the limit: each serves its {@link ReplicaPlace#shareOf share}
 * among the live replicas, counted here in memory, so no call waits on the others or on the database.
 */
public final class RateLimiter {
    private final Clock clock;
    private final LiveReplicas replicas;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long minute;
        long used;
    }

    public RateLimiter(Clock clock, LiveReplicas replicas) {
        this.clock = clock;
        this.replicas = replicas;
    }

    /**
     * Counts {@code items} against this minute's allowance: this replica's share of {@code limitPerMinute}.
     *
     * @throws RateLimitedException with the seconds to the next minute when they do not fit
     */
    public void take(String deployment, int items, int limitPerMinute) {
        long now = clock.millis();
        long minute = now / 60_000;
        ReplicaPlace place = replicas.place();
        int allowance = place.shareOf(limitPerMinute, minute);
        Window window = windows.computeIfAbsent(deployment, key -> new Window());
        synchronized (window) {
            if (window.minute != minute) {
                window.minute = minute;
                window.used = 0;
            }
            if (window.used + items > allowance) {
                int retryAfter = (int) Math.max(1, (60_000 - now % 60_000 + 999) / 1000);
                throw new RateLimitedException(refusal(deployment, items, limitPerMinute, place, allowance), retryAfter);
            }
            window.used += items;
        }
    }

    private static String refusal(String deployment, int items, int limitPerMinute, ReplicaPlace place, int allowance) {
        if (place.count() == 1) {
            return items > limitPerMinute
                    ? "a batch of " + items + " items is more than deployment " + deployment + " serves in a minute ("
                    + limitPerMinute + "); split it"
                    : "deployment " + deployment + " has served its " + limitPerMinute + " items for this minute";
        }
        String split = limitPerMinute + " items a minute, split among " + place.count() + " replicas";
        if (allowance == 0) {
            return "this replica serves none of deployment " + deployment + " this minute: its " + split
                    + " leave none to this one; the others serve them";
        }
        return items > allowance
                ? "a batch of " + items + " items is more than this replica serves of deployment " + deployment
                + " in a minute: " + allowance + " of the " + split + "; split it"
                : "this replica has served its share of deployment " + deployment + " for this minute: " + allowance
                + " of the " + split;
    }
}
