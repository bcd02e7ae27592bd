package dev.inferd.runtime.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling for what happens asynchronously: worker starts, deaths, log lines. */
final class Eventually {
    private static final long POLL_MILLIS = 25;

    private Eventually() {
    }

    /**
     * Reads {@code value} until {@code accepted} holds or {@code within} passes.
     *
     * @return the accepted value
     * @throws AssertionError naming {@code what} and the last value read
     */
    static <T> T poll(String what, Duration within, Supplier<T> value, Predicate<T> accepted) {
        long deadline = System.nanoTime() + within.toNanos();
        T last;
        while (true) {
            last = value.get();
            if (accepted.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + within.toMillis() + " ms, expected " + what + "; last saw: " + last);
            }
            pause();
        }
    }

    static void holds(String what, Duration within, Supplier<Boolean> condition) {
        poll(what, within, condition, Boolean::booleanValue);
    }

    /**
     * True while the process runs. A process that has exited but is not yet reaped (a zombie, when
     * the container's init does not reap orphans) counts as gone: it runs no code and holds no pipe.
     */
    static boolean isRunning(long pid) {
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

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}
