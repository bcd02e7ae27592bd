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

    /** Runs what was held, in the order it came, and everything after this at once. */
    void listening() {
        List<Runnable> tasks;
        synchronized (lock) {
            tasks = held;
            held = null;
        }
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
