package dev.inferd.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling for what happens after an answer is sent: log records, gauges, worker restarts. */
public final class Eventually {
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /**
     * Reads {@code value} until {@code accepted} holds or {@code within} passes.
     *
     * @return the accepted value
     * @throws AssertionError naming {@code what} and the last value read
     */
    public static <T> T poll(String what, Duration within, Supplier<T> value, Predicate<T> accepted) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T last = value.get();
            if (accepted.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + within.toMillis() + " ms, expected " + what + "; last saw: " + last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    public static void holds(String what, Duration within, Supplier<Boolean> condition) {
        poll(what, within, condition, Boolean::booleanValue);
    }
}
