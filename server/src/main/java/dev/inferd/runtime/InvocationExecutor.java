package dev.inferd.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run Java main functions and the server's own heavy work on requests (decoding
 * and encoding big bodies): a fixed pool with a bounded queue, whose overflow callers answer with
 * 429. Never an event loop, so user code run here is held to its call's timeout.
 *
 * <p>A task on one of these threads that hands work to this same pool ({@link #runAfterCurrentTask})
 * may keep it for itself: the work then runs on this thread as soon as the task returns, with no
 * hand-off to another thread and no wake-up. Decoding a batch and then running it is the common case.
 * The work waits for the task to return, not during it, so whatever the task arms around the work
 * (a call's deadline, its cancellation) is in place before the work starts.
 */
public final class InvocationExecutor extends ThreadPoolExecutor {
    private static final Logger log = LoggerFactory.getLogger(InvocationExecutor.class);

    /** What the task running on this thread kept for itself; null when it kept nothing. */
    private final ThreadLocal<Runnable> keptForAfterTask = new ThreadLocal<>();

    public InvocationExecutor(int threads, int queueLength, String threadNamePrefix) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueLength), new Threads(threadNamePrefix));
    }

    /**
     * Keeps {@code work} to run on the calling thread once its current task returns.
     *
     * @return false, and keeps nothing, when the calling thread is not one of this pool's or its task
     * already kept work (a second piece would only wait for the first instead of running beside it)
     */
    public boolean runAfterCurrentTask(Runnable work) {
        if (!(Thread.currentThread() instanceof Threads.Worker worker) || worker.pool != threadFactory()
                || keptForAfterTask.get() != null) {
            return false;
        }
        keptForAfterTask.set(work);
        return true;
    }

    private Threads threadFactory() {
        return (Threads) getThreadFactory();
    }

    /** Runs what the task kept, and what that work kept in turn. */
    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        Runnable kept;
        while ((kept = keptForAfterTask.get()) != null) {
            keptForAfterTask.remove();
            try {
                kept.run();
            } catch (RuntimeException | Error e) {
                // Kept work handles its own failures; one that escapes must not end the thread's other tasks.
                log.error("work run after a task on {} failed", Thread.currentThread().getName(), e);
            }
        }
    }

    /** Daemon threads named prefix-1, prefix-2, …, recognisable as this pool's. */
    private static final class Threads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger counter = new AtomicInteger();

        private Threads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable runnable) {
            Worker thread = new Worker(this, runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }

        private static final class Worker extends Thread {
            private final Threads pool;

            private Worker(Threads pool, Runnable runnable, String name) {
                super(runnable, name);
                this.pool = pool;
            }
        }
    }
}
