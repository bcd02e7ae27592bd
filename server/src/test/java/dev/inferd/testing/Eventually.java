package dev.inferd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for what happens after an answer is sent or asynchronously: log records, gauges,
 * deliveries, worker starts, deaths and restarts.
 */
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
            pause(what);
        }
    }

    public static void holds(String what, Duration within, Supplier<Boolean> condition) {
        poll(what, within, condition, Boolean::booleanValue);
    }

    /**
     * Reads {@code value} until {@code done} holds or {@code within} passes, and returns the last value
     * read either way: the caller's assertion then shows what was last seen, and a {@code done} that
     * must not happen checks that a value stays as it is for the whole of {@code within}.
     */
    public static <T> T lastRead(Duration within, Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + within.toNanos();
        T last = value.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            pause("a value to settle");
            last = value.get();
        }
        return last;
    }

    /**
     * True while the process runs, for polling until it is gone. A process that has exited but is not
     * yet reaped (a zombie, when the container's init does not reap orphans) counts as gone: it runs
     * no code and holds no pipe.
     */
    public static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String text = Files.readString(stat);
                char state = text.charAt(text.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void pause(String what) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }
}
