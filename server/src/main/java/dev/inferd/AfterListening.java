package dev.inferd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Work that can wait until the server listens: held while it starts, so that it does not take the
 * cores from the start, and run at once from then on. The spare Python workers of the versions a
 * start loads go through here (a second scikit-learn import costs as much as the first).
 */
final class AfterListening implements Executor {
    private static final Logger log = LoggerFactory.getLogger(AfterListening.class);

    private final Object lock = new Object();
    /** Null once the server listens. */
    private List<Runnable> held = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            if (held != null) {
                held.add(task);
                return;
            }
        }
        task.run();
    }

    /**
     * From now on tasks run at once; those held run in the order they came, on a thread of their
     * own, so that the caller (the start, which has yet to hand the server over) is not kept.
     */
    void listening() {
        List<Runnable> tasks;
        synchronized (lock) {
            if (held == null) {
                return;
            }
            tasks = held;
            held = null;
        }
        Thread runner = new Thread(() -> runAll(tasks), "inferd-after-listening");
        runner.setDaemon(true);
        runner.start();
    }

    private static void runAll(List<Runnable> tasks) {
        for (Runnable task : tasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // One failed task must not keep the others from running.
                log.warn("a task held until the server listened failed", e);
            }
        }
    }
}
