package dev.inferd.runtime.java;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lets at most {@code limit} tasks of one deployment run on the shared invocation executor at
 * once; the rest wait here, in the deployment's own queue, instead of in the executor's queue in
 * front of other deployments' work. Shared by all versions of a deployment, so flooding two
 * versions takes no more threads than flooding one.
 */
final class ConcurrencyGate {
    private final int limit;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    ConcurrencyGate(int limit) {
        this.limit = limit;
    }

    /** Starts {@code task} now if there is room, else queues it; the task must call {@link #finished()}. */
    void enter(Runnable task) {
        boolean startNow;
        synchronized (this) {
            startNow = running < limit;
            if (startNow) {
                running++;
            } else {
                waiting.add(task);
            }
        }
        if (startNow) {
            task.run();
        }
    }

    /** Drops a task that has not started; @return whether it was still waiting. */
    synchronized boolean leave(Runnable task) {
        return waiting.remove(task);
    }

    /** Called once by every task that entered and started; starts the next waiting task. */
    void finished() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
