package dev.inferd.error;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The log of a background task that repeats every second or so (following other replicas, renewing
 * leases): while the database is away it would fail at every round, so an outage is logged once
 * when it begins and once when the task works again. Any other failure is logged each time.
 */
public final class StoreOutageLog {
    private final Logger log;
    private final String task;
    private final AtomicBoolean away = new AtomicBoolean();

    /** @param task what the task does, as in "could not {task}" */
    public StoreOutageLog(Logger log, String task) {
        this.log = log;
        this.task = task;
    }

    public void succeeded() {
        if (away.compareAndSet(true, false)) {
            log.info("the database answers again: {} works again", task);
        }
    }

    public void failed(RuntimeException failure) {
        if (failure instanceof StoreUnavailableException) {
            if (away.compareAndSet(false, true)) {
                log.warn("could not {}: {}; trying again until it answers", task, failure.getMessage());
            }
            return;
        }
        log.warn("could not {}; trying again", task, failure);
    }
}
