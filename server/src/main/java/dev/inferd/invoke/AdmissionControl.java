package dev.inferd.invoke;

import dev.inferd.error.OverloadedException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Backpressure: bounds on work in flight, so that an overload is refused at once with 429 instead
 * of queueing without bound. Two budgets: batch items per loaded version (a flood on one deployment
 * cannot take the queue space of another), and request body bytes across the server (the memory
 * that bodies in flight hold).
 */
public final class AdmissionControl {
    private final long maxInflightBytes;
    private final AtomicLong inflightBytes = new AtomicLong();
    private final Map<String, AtomicLong> inflightItems = new ConcurrentHashMap<>();
    private final BiConsumer<String, AtomicLong> onNewVersion;

    /** A share of a budget, given back once; closing twice is harmless. */
    public interface Permit extends AutoCloseable {
        Permit NONE = () -> { };

        @Override
        void close();
    }

    /**
     * @param onNewVersion told of each version's in-flight item counter when first used, to publish it
     */
    public AdmissionControl(long maxInflightBytes, BiConsumer<String, AtomicLong> onNewVersion) {
        this.maxInflightBytes = maxInflightBytes;
        this.onNewVersion = onNewVersion;
    }

    /** @throws OverloadedException when the bodies in flight already hold the byte budget */
    public Permit admitBytes(long bytes) {
        return acquire(inflightBytes, bytes, maxInflightBytes, "request bodies in flight are at the server's limit of "
                + maxInflightBytes + " bytes");
    }

    /**
     * @param version "deployment/number"
     * @throws OverloadedException when the version already has {@code limit} items in flight
     */
    public Permit admitItems(String version, int items, long limit) {
        AtomicLong counter = inflightItems.computeIfAbsent(version, key -> {
            AtomicLong created = new AtomicLong();
            onNewVersion.accept(key, created);
            return created;
        });
        return acquire(counter, items, limit, version + " has " + limit + " items in flight, its limit; retry shortly");
    }

    private static Permit acquire(AtomicLong counter, long amount, long limit, String refusal) {
        while (true) {
            long current = counter.get();
            // A request larger than the whole budget is still admitted when nothing else is in flight.
            if (current > 0 && current + amount > limit) {
                throw new OverloadedException(refusal, 1);
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
