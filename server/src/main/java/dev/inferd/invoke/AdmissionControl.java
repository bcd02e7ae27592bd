package dev.inferd.invoke;

import dev.inferd.error.OverloadedException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backpressure: bounds on work in flight, so that an overload is refused at once with 429 instead
 * of queueing without bound. Two budgets: batch items per loaded version (a flood on one deployment
 * cannot take the queue space of another), and request body bytes across the server (the memory
 * that bodies in flight hold).
 */
public final class AdmissionControl {
    private final long maxInflightBytes;
    private final AtomicLong inflightBytes = new AtomicLong();
    private final Map<VersionKey, AtomicLong> inflightItems = new ConcurrentHashMap<>();
    private final NewVersionListener onNewVersion;

    /** A share of a budget, given back once; closing twice is harmless. */
    public interface Permit extends AutoCloseable {
        Permit NONE = () -> { };

        @Override
        void close();
    }

    /** Told of each version's in-flight item counter when it is first used, to publish it. */
    @FunctionalInterface
    public interface NewVersionListener {
        void counting(String deployment, int version, AtomicLong itemsInFlight);
    }

    /** A version's key among the counters: looked up on every call, so no string is built for it. */
    private record VersionKey(String deployment, int version) {
    }

    public AdmissionControl(long maxInflightBytes, NewVersionListener onNewVersion) {
        this.maxInflightBytes = maxInflightBytes;
        this.onNewVersion = onNewVersion;
    }

    /** @throws OverloadedException when the bodies in flight already hold the byte budget */
    public Permit admitBytes(long bytes) {
        Permit permit = acquire(inflightBytes, bytes, maxInflightBytes);
        if (permit == null) {
            throw new OverloadedException("request bodies in flight are at the server's limit of " + maxInflightBytes
                    + " bytes", 1);
        }
        return permit;
    }

    /** @throws OverloadedException when the version already has {@code limit} items in flight */
    public Permit admitItems(String deployment, int version, int items, long limit) {
        AtomicLong counter = inflightItems.computeIfAbsent(new VersionKey(deployment, version), key -> {
            AtomicLong created = new AtomicLong();
            onNewVersion.counting(deployment, version, created);
            return created;
        });
        Permit permit = acquire(counter, items, limit);
        if (permit == null) {
            throw new OverloadedException(deployment + "/" + version + " has " + limit
                    + " items in flight, its limit; retry shortly", 1);
        }
        return permit;
    }

    /** A permit for {@code amount}, or null when the budget cannot take it; the caller words the refusal. */
    private static Permit acquire(AtomicLong counter, long amount, long limit) {
        while (true) {
            long current = counter.get();
            // A request larger than the whole budget is still admitted when nothing else is in flight.
            if (current > 0 && current + amount > limit) {
                return null;
            }
            if (counter.compareAndSet(current, current + amount)) {
                break;
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                counter.addAndGet(-amount);
            }
        };
    }
}
