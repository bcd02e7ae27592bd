package dev.inferd.invoke;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * When calls give up. Every call sets a deadline and nearly every call cancels it, so both must
 * cost next to nothing: a hashed wheel does each in constant time without a shared lock, where a
 * scheduled executor's priority queue would serialise all calls on one lock. Deadlines are in
 * whole seconds, so the wheel's 20 ms ticks are precision enough.
 */
public final class Deadlines implements AutoCloseable {
    private final HashedWheelTimer wheel;

    /** A deadline that has not passed yet, and can be called off. */
    @FunctionalInterface
    public interface Deadline {
        void cancel();
    }

    public Deadlines(ThreadFactory threads) {
        this.wheel = new HashedWheelTimer(threads, 20, TimeUnit.MILLISECONDS, 1024);
    }

    public Deadline after(Duration delay, Runnable onExpiry) {
        Timeout timeout = wheel.newTimeout(expired -> onExpiry.run(), delay.toMillis(), TimeUnit.MILLISECONDS);
        return timeout::cancel;
    }

    @Override
    public void close() {
        wheel.stop();
    }
}
