package dev.inferd.runtime.java;

import dev.inferd.error.OverloadedException;
import dev.inferd.runtime.InvocationExecutor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one deployment's chunks on the shared invocation executor, at most {@code limit} at once; the
 * rest wait here, in the deployment's own queue, instead of in the executor's queue in front of
 * other deployments' work. Shared by all versions of a deployment, so flooding two versions takes
 * no more threads than flooding one.
 *
 * <p>A thread that finishes a chunk takes the next waiting one itself instead of handing it to the
 * executor: under load the same threads stay busy on the same deployment, with no hand-off and no
 * wake-up per chunk. Likewise, work entered from one of the executor's own threads (a batch decoded
 * there) is run by that thread once its task returns, when the deployment has a thread to spare.
 */
final class ConcurrencyGate {
    private final InvocationExecutor executor;
    private final int limit;
    private final Deque<Work> waiting = new ArrayDeque<>();
    private int running;

    /** One chunk's work, interruptible while, and only while, it runs. */
    abstract static class Work {
        private Thread runner;
        private boolean done;

        /** Runs the chunk; called on an executor thread. */
        abstract void run();

        /** Fails the chunk without running it (the executor refused it). */
        abstract void refuse(RuntimeException reason);

        /** Interrupts the chunk if it is running now; a chunk that is waiting is dropped by {@link ConcurrencyGate#leave}. */
        final synchronized void interrupt() {
            if (runner != null && !done) {
                runner.interrupt();
            }
        }

        private synchronized boolean start() {
            if (done) {
                return false;
            }
            runner = Thread.currentThread();
            return true;
        }

        private synchronized void end() {
            runner = null;
            done = true;
            // An interrupt meant for this chunk must not reach the next one run on this thread.
            Thread.interrupted();
        }
    }

    ConcurrencyGate(InvocationExecutor executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    void enter(Work work) {
        boolean startThread;
        synchronized (this) {
            startThread = running < limit;
            if (startThread) {
                running++;
            }
            waiting.add(work);
        }
        if (startThread && !executor.runAfterCurrentTask(this::drain)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    running--;
                    waiting.remove(work);
                }
                work.refuse(new OverloadedException("all Java invocation threads are busy and their queue is full", 1));
            }
        }
    }

    /** Drops a chunk that has not started; @return whether it was still waiting. */
    synchronized boolean leave(Work work) {
        return waiting.remove(work);
    }

    private void drain() {
        while (true) {
            Work next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    running--;
                    return;
                }
            }
            if (next.start()) {
                try {
                    next.run();
                } finally {
                    next.end();
                }
            }
        }
    }
}
