package dev.inferd.invoke.async;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling for what happens in the background: jobs running, deliveries, expiry. */
final class Polling {
    private static final long PAUSE_MILLIS = 50;

    private Polling() {
    }

    /**
     * Reads {@code value} until {@code accepted} holds or {@code within} passes.
     *
     * @return the accepted value
     * @throws AssertionError naming {@code what} and the last value read
     */
    static <T> T until(String what, Duration within, Supplier<T> value, Predicate<T> accepted) {
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
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
